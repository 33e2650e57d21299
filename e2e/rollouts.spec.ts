import { rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import path from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { startMeshpane, type MeshpaneProcess } from '@/server/fixtures/meshpane-process'
import { configVariant } from './fixtures/config-variant'
import { appPort, kubectlJson, labDir } from './fixtures/lab'
import { openService } from './fixtures/navigate'

// A Meshpane of this file's own, telling a local webhook receiver of every rollout event.
const port = appPort + 2
test.use({ baseURL: `http://127.0.0.1:${port}` })

type Event = { type: string; text: string; event: { weights?: { name: string; weight: number }[] } }
const received: Event[] = []
let receiver: Server
let app: MeshpaneProcess

test.beforeAll(async () => {
  test.setTimeout(120_000)
  receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk))
    req.on('end', () => {
      received.push(JSON.parse(body) as Event)
      res.end('ok')
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const hook = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`
  // A fresh audit folder: a rollout left active by an earlier run would hold the service.
  rmSync(path.join(labDir, 'meshpane-data-rollouts'), { recursive: true, force: true })
  app = await startMeshpane(
    port,
    configVariant('rollouts', { rollouts: { webhooks: [{ url: hook }], tickMs: 500 } }),
  )
})
test.afterAll(async () => {
  await app?.stop()
  await new Promise((resolve) => receiver?.close(resolve))
})

type Vs = { spec: { http: { route: { weight: number }[] }[] } }
const ratingsWeights = () =>
  kubectlJson<Vs>(
    'prod-us',
    'get',
    'virtualservice',
    'ratings',
    '-n',
    'bookinfo',
  ).spec.http[0]!.route.map((r) => r.weight)

/** The Rollouts page lists the rollout of prod-us ratings in `state`, at `where`. */
async function listedAs(page: Page, state: string, where: RegExp) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Rollouts' })
    .click()
  const row = page
    .getByRole('table', { name: 'Rollouts' })
    .getByRole('row')
    .filter({ hasText: 'bookinfo/ratings' })
    .filter({ hasText: 'prod-us' })
    .first()
  await expect(row).toContainText(state)
  await expect(row).toContainText(where)
  await row.getByRole('link', { name: 'bookinfo/ratings' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('ratings')
}

test('a manual rollout from the UI: start, pause, resume, promote twice, abort; every event told', async ({
  page,
}) => {
  test.setTimeout(120_000)
  await openService(page, 'prod-us', 'ratings')
  const panel = page.getByRole('region', { name: 'Rollout' })
  await panel.getByRole('button', { name: 'Start rollout' }).click()

  const editor = page.getByRole('dialog', { name: 'Start rollout' })
  await expect(editor.getByLabel('Primary', { exact: true })).toHaveValue('v1')
  await expect(editor.getByLabel('Canary', { exact: true })).toHaveValue('v2')
  await editor.getByRole('button', { name: 'Careful' }).click()
  await expect(editor.getByLabel('Steps (canary %)')).toHaveValue('1, 5, 10, 25, 50, 75')
  await editor.getByLabel('Steps (canary %)').fill('10, 30, 60')
  await editor.getByLabel('Interval (seconds)').fill('5')
  await editor.getByLabel('Manual: wait for Promote').check()
  await editor.getByRole('button', { name: 'Start', exact: true }).click()
  await expect(editor).toBeHidden()

  await expect(panel.getByLabel('Step')).toHaveText('step 1 of 4 (10%)')
  await expect(panel.getByText('waiting', { exact: true })).toBeVisible()
  expect(ratingsWeights()).toEqual([90, 10])
  await listedAs(page, 'waiting', /step 1 of 4/)

  await panel.getByRole('button', { name: 'Pause' }).click()
  await expect(panel.getByRole('status')).toContainText('Paused: paused by local')
  await listedAs(page, 'paused', /step 1 of 4/)
  await panel.getByRole('button', { name: 'Resume' }).click()
  await expect(panel.getByText('waiting', { exact: true })).toBeVisible()

  await panel.getByRole('button', { name: 'Promote', exact: true }).click()
  await expect(panel.getByLabel('Step')).toHaveText('step 2 of 4 (30%)')
  await panel.getByRole('button', { name: 'Promote', exact: true }).click()
  await expect(panel.getByLabel('Step')).toHaveText('step 3 of 4 (60%)')
  expect(ratingsWeights()).toEqual([40, 60])
  const timeline = panel.getByRole('list', { name: 'Rollout timeline' })
  await expect(timeline.getByRole('listitem').first()).toContainText('promoted by local')

  await panel.getByRole('button', { name: 'Abort' }).click()
  // The state badge (the timeline's last line says aborted too).
  await expect(panel.getByText('aborted', { exact: true }).first()).toBeVisible()
  await expect(panel.getByLabel('Step')).toHaveText('v1 at 100%')
  expect(ratingsWeights()).toEqual([100, 0])
  await listedAs(page, 'aborted', /v1 at 100%/)

  await expect
    .poll(() => received.map((e) => e.type))
    .toEqual([
      'rollout.started',
      'rollout.step',
      'rollout.paused',
      'rollout.resumed',
      'rollout.step',
      'rollout.step',
      'rollout.aborted',
    ])
  expect(received[1]!.text).toBe(
    'Rollout of v2 on bookinfo/ratings (prod-us, istio) step: first step [v1 90%, v2 10%]',
  )
  expect(received.at(-1)!.event.weights).toEqual([
    { name: 'v1', weight: 100 },
    { name: 'v2', weight: 0 },
  ])

  // Meshpane's own metrics count it among the aborted rollouts.
  const metrics = await (await page.request.get('/metrics')).text()
  expect(metrics).toMatch(/^meshpane_rollouts\{state="aborted"\} [1-9]/m)
})
