import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Rollout } from '@/lib/schemas'
import { waitFor } from '@/server/fixtures/poll'
import { webhookNotifier, type RolloutNotification } from './webhooks'

const rollout: Rollout = {
  id: '00000000-0000-4000-8000-000000000001',
  serviceId: 'svc',
  service: { name: 'reviews', namespace: 'bookinfo', source: 'prod-eu', meshKind: 'istio' },
  plan: {
    canary: 'v2',
    primary: 'v1',
    steps: [10, 50],
    intervalSeconds: 5,
    mode: 'auto',
    analysis: { failureLimit: 2 },
  },
  steps: [10, 50, 100],
  state: 'progressing',
  step: 0,
  failures: 0,
  revision: '7',
  startedBy: { user: 'alice', groups: [] },
  createdAt: '2026-11-29T00:00:00.000Z',
  updatedAt: '2026-11-29T00:00:00.000Z',
  timeline: [],
}
const step = {
  time: '2026-11-29T00:00:01.000Z',
  type: 'step' as const,
  step: 0,
  message: 'first step',
  weights: [
    { name: 'v1', weight: 90 },
    { name: 'v2', weight: 10 },
  ],
}

let server: Server
let url: string
const received: RolloutNotification[] = []
let refuseNext = 0

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c))
    req.on('end', () => {
      if (req.url?.startsWith('/missing')) {
        res.writeHead(404).end()
        return
      }
      if (refuseNext > 0) {
        refuseNext -= 1
        res.writeHead(503).end()
        return
      }
      received.push(JSON.parse(body) as RolloutNotification)
      res.writeHead(200).end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks/T000/secret`
})
afterAll(() => new Promise((resolve) => server.close(resolve)))

describe('rollout webhooks', () => {
  it('posts each event as JSON with a plain-text summary, retrying a refusal, in order', async () => {
    const logged: string[] = []
    const hooks = webhookNotifier([url], (line) => logged.push(line))
    refuseNext = 2
    hooks.notify(rollout, step)
    hooks.notify(rollout, { ...step, type: 'check', message: 'healthy' })
    hooks.notify(
      { ...rollout, state: 'rolled-back' },
      {
        ...step,
        type: 'rolled-back',
        step: -1,
        message: '2 failing checks in a row: success rate 60.0% vs 99.9% on v1',
      },
    )
    expect(received).toEqual([]) // notify never waits for a delivery
    await hooks.idle()
    expect(received.map((n) => n.type)).toEqual(['rollout.step', 'rollout.rolled-back'])
    expect(received[0]).toMatchObject({
      rollout: { id: rollout.id, canary: 'v2', primary: 'v1', state: 'progressing' },
      event: { weights: step.weights },
      text: 'Rollout of v2 on bookinfo/reviews (prod-eu, istio) step: first step [v1 90%, v2 10%]',
    })
    expect(received[1]!.text).toMatch(/rolled-back: 2 failing checks in a row: success rate 60\.0%/)
    expect(logged).toEqual([])
  })

  it('gives up on a webhook that refuses a request outright, naming its origin only', async () => {
    const logged: string[] = []
    const hooks = webhookNotifier([`${url}?token=also-secret`.replace('/hooks', '/missing')], (l) =>
      logged.push(l),
    )
    hooks.notify(rollout, step)
    await waitFor('the give-up line', async () => logged[0])
    expect(logged[0]).toMatch(
      /^rollouts: webhook http:\/\/127\.0\.0\.1:\d+ did not take an event: HTTP 404$/,
    )
  })
})
