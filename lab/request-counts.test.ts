// Per-cluster request counters, read and reset over the control API while kubectl and raw HTTP
// clients make requests.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RequestCountsSnapshot } from './kube/request-counts'
import { startLab, type Lab } from './lab'
import { eventually, kubeClient, runKubectl } from './test-client'

let lab: Lab
let dir: string

const counts = async (): Promise<Record<string, RequestCountsSnapshot>> =>
  (await fetch(`${lab.controlUrl}/request-counts`)).json()
const reset = () => fetch(`${lab.controlUrl}/request-counts`, { method: 'DELETE' })
const kubectl = (...args: string[]) =>
  runKubectl(lab.kubeconfigPath, join(dir, 'cache'), ['--context', 'prod-eu', ...args])

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lab-request-counts-'))
  lab = await startLab({ dir })
})
afterAll(() => lab?.stop())

describe('request counters on the control API', () => {
  it('counts kubectl requests by verb and resource, and cluster-wide pod lists, on their cluster only', async () => {
    await reset()
    const before = await counts()
    expect(before['prod-eu']).toMatchObject({ total: 0, byVerb: {}, clusterWidePodLists: 0 })
    expect(Date.parse(before['prod-eu']!.since)).toBeLessThanOrEqual(Date.now())

    expect((await kubectl('get', 'pods', '-A')).code).toBe(0)
    expect((await kubectl('get', 'pods', '-n', 'bookinfo')).code).toBe(0)
    expect(
      (
        await kubectl(
          'patch',
          'vs',
          'reviews',
          '-n',
          'bookinfo',
          '--type',
          'merge',
          '-p',
          '{"metadata":{"labels":{"counted":"yes"}}}',
        )
      ).code,
    ).toBe(0)
    expect((await kubectl('auth', 'can-i', 'list', 'pods')).code).toBe(0)

    const after = (await counts())['prod-eu']!
    expect(after.byVerbResource).toMatchObject({
      'list pods': 2,
      'get virtualservices': 1,
      'patch virtualservices': 1,
      'review selfsubjectaccessreviews': 1,
    })
    expect(after.byResource).toMatchObject({ pods: 2, virtualservices: 2 })
    expect(after.byVerb).toMatchObject({ list: 2, get: 1, patch: 1, review: 1 })
    expect(after.clusterWidePodLists).toBe(1)
    const verbs = Object.values(after.byVerb).reduce((a, b) => a + b, 0)
    expect(after.total).toBe(verbs)
    // kubectl asks for discovery when its cache is cold
    expect(after.byVerb.discovery ?? 0).toBeGreaterThan(0)
    expect((await counts())['prod-us']!.total).toBe(0)
  })

  it('counts a watch once when it opens, and how many are open now', async () => {
    await reset()
    const kube = kubeClient(lab, 'prod-us')
    const watches = [
      kube.watch('/apis/networking.istio.io/v1/virtualservices?watch=true'),
      kube.watch('/api/v1/namespaces/bookinfo/pods?watch=1'),
    ]
    await eventually(() => watches.every((w) => w.events().length > 0))
    expect((await counts())['prod-us']).toMatchObject({
      total: 2,
      byVerb: { watch: 2 },
      byVerbResource: { 'watch virtualservices': 1, 'watch pods': 1 },
      clusterWidePodLists: 0,
      watchesOpen: 2,
    })
    await kube.call('GET', '/api/v1/pods?limit=5')
    await reset()
    expect((await counts())['prod-us']).toMatchObject({ total: 0, watchesOpen: 2 })
    watches.forEach((w) => w.close())
    await eventually(async () => (await counts())['prod-us']!.watchesOpen === 0)
  })

  it('counts refused requests too, and resets one cluster at a time', async () => {
    const kube = kubeClient(lab, 'staging')
    await kube.call('GET', '/api/v1/pods', { token: 'not-a-token' })
    await kube.call('POST', '/api/v1/namespaces/default/pods/x')
    const staging = (await (
      await fetch(`${lab.controlUrl}/request-counts/staging`)
    ).json()) as RequestCountsSnapshot
    expect(staging.clusterWidePodLists).toBeGreaterThanOrEqual(1)
    expect(staging.byVerb.other).toBeGreaterThanOrEqual(1)
    const prodEu = (await counts())['prod-eu']!.total
    await kubectl('get', 'ns')
    expect(
      (await fetch(`${lab.controlUrl}/request-counts/staging`, { method: 'DELETE' })).status,
    ).toBe(200)
    const now = await counts()
    expect(now.staging!.total).toBe(0)
    expect(now['prod-eu']!.total).toBeGreaterThan(prodEu)
    expect((await fetch(`${lab.controlUrl}/request-counts/nowhere`)).status).toBe(404)
  })
})
