// Watch streams as client-go and client-node informers consume them.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../lab'
import { eventually, kubeClient } from '../test-client'

let lab: Lab
let kube: ReturnType<typeof kubeClient>
const VS = '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices'
const HISTORY = 30
const label = (value: string) => ({
  contentType: 'application/merge-patch+json',
  body: { metadata: { labels: { touched: value } } },
})

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lab-watch-'))
  lab = await startLab({ dir, historyLimit: HISTORY, bookmarkIntervalMs: 50 })
  kube = kubeClient(lab, 'prod-eu')
})
afterAll(() => lab?.stop())

describe('watch', () => {
  it('replays every object as ADDED when resourceVersion is unset, one JSON line each', async () => {
    const w = kube.watch(`${VS}?watch=true`)
    const names = await eventually(() => (w.events().length === 4 ? w.events() : undefined))
    expect(names.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'details'],
      ['ADDED', 'productpage'],
      ['ADDED', 'ratings'],
      ['ADDED', 'reviews'],
    ])
    expect(w.text().endsWith('\n')).toBe(true)
    w.close()
  })

  it('streams changes after a listed resourceVersion, with bookmarks when allowed', async () => {
    const list = await kube.call('GET', VS)
    const w = kube.watch(
      `${VS}?watch=1&resourceVersion=${list.json.metadata.resourceVersion}&allowWatchBookmarks=true`,
    )
    await eventually(() => w.events().some((e) => e.type === 'BOOKMARK'))
    await kube.call('PATCH', `${VS}/reviews`, label('one'))
    const modified = await eventually(() => w.events().find((e) => e.type === 'MODIFIED'))
    expect(modified.object).toMatchObject({
      kind: 'VirtualService',
      apiVersion: 'networking.istio.io/v1',
    })
    expect(modified.object.metadata.name).toBe('reviews')
    const bookmark = w.events().find((e) => e.type === 'BOOKMARK')!
    expect(bookmark.object).toMatchObject({
      kind: 'VirtualService',
      apiVersion: 'networking.istio.io/v1',
    })
    expect(w.events().some((e) => e.type === 'ADDED')).toBe(false)
    w.close()
  })

  it('resumes from an older resourceVersion, filtered by selector, DELETED when leaving it', async () => {
    const list = await kube.call('GET', VS)
    await kube.call('PATCH', `${VS}/ratings`, label('yes'))
    await kube.call('PATCH', `${VS}/details`, label('no'))
    const w = kube.watch(
      `${VS}?watch=true&labelSelector=touched%3Dyes&resourceVersion=${list.json.metadata.resourceVersion}`,
    )
    await eventually(() => w.events().length === 1)
    await kube.call('PATCH', `${VS}/ratings`, label('no'))
    await eventually(() => w.events().length === 2)
    expect(w.events().map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'ratings'],
      ['DELETED', 'ratings'],
    ])
    w.close()
  })

  it('sends a 410 Expired ERROR event for a too-old resourceVersion', async () => {
    const old = (await kube.call('GET', VS)).json.metadata.resourceVersion
    for (let i = 0; i <= HISTORY; i++) await kube.call('PATCH', `${VS}/productpage`, label(`n${i}`))
    const w = kube.watch(`${VS}?watch=true&resourceVersion=${old}`)
    await eventually(() => w.ended())
    const [event] = w.events()
    expect(event!.type).toBe('ERROR')
    expect(event!.object).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'Expired',
      code: 410,
    })
    expect(event!.object.message).toMatch(
      new RegExp(`^too old resource version: ${old} \\(\\d+\\)$`),
    )
  })

  it('ends the stream after timeoutSeconds', async () => {
    const w = kube.watch(
      `${VS}?watch=true&resourceVersion=${(await kube.call('GET', VS)).json.metadata.resourceVersion}&timeoutSeconds=1`,
    )
    await eventually(() => w.ended(), 3000)
    expect(w.events()).toEqual([])
  })
})
