import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseMeshId, serviceId } from '@/lib/ids'
import type { MeshService, RoutingObject } from '@/lib/schemas'
import { UnprocessableError } from '@/server/errors'
import { MESHES_SCENARIO, startTestLab, type TestLab } from '@/server/fixtures/test-lab'
import { kubeSources } from '@/server/sources/sources'
import { claimedServices, claimOf } from './claims'
import { Inventory } from './inventory'
import { testSplits } from '@/server/fixtures/splits'

const routed = (
  meshKind: 'istio' | 'gateway-api',
  active: Partial<RoutingObject>,
): MeshService => ({
  id: `${meshKind}-reviews`,
  meshId: meshKind,
  meshKind,
  name: 'reviews',
  namespace: 'bookinfo',
  backends: [],
  revision: '1',
  routing: [{ kind: 'HTTPRoute', apiVersion: 'v1', name: 'reviews', active: true, ...active }],
})

describe('one service routed by two meshes of a cluster', () => {
  const vs = (createdAt: string) =>
    routed('istio', { kind: 'VirtualService', namespace: 'bookinfo', createdAt })
  const route = (createdAt: string) =>
    routed('gateway-api', { kind: 'HTTPRoute', namespace: 'bookinfo', createdAt })

  it('is claimed by the oldest routing object, a VirtualService winning a tie', () => {
    const t1 = '2026-11-01T00:00:00Z'
    const t2 = '2026-11-02T00:00:00Z'
    expect(claimOf(route(t2), [vs(t1)]).id).toBe('istio-reviews')
    expect(claimOf(vs(t2), [route(t1)]).id).toBe('gateway-api-reviews')
    expect(claimOf(route(t1), [vs(t1)]).id).toBe('istio-reviews')
    expect(claimedServices([route(t1)], [vs(t1)])).toEqual([])
    const [merged] = claimedServices([vs(t1)], [route(t1)])
    expect(merged!.routing.map((r) => [r.kind, r.active])).toEqual([
      ['VirtualService', true],
      ['HTTPRoute', false],
    ])
  })
})

describe('inventory over the meshes lab (cluster mixed: Istio and GAMMA)', () => {
  let lab: TestLab
  let inventory: Inventory
  let splits: Awaited<ReturnType<typeof testSplits>>
  beforeAll(async () => {
    lab = await startTestLab({ scenarioPath: MESHES_SCENARIO })
    const sources = kubeSources({ kubeconfig: lab.lab.kubeconfigPath, sourceTimeoutMs: 3000 })
    inventory = new Inventory(sources, 3000)
    splits = await testSplits(inventory)
  })
  afterAll(() => lab.stop())

  const meshOf = async (kind: string) =>
    (await inventory.listMeshes()).items.find((m) => m.source.name === 'mixed' && m.kind === kind)!
  const routePath = '/apis/gateway.networking.k8s.io/v1/namespaces/bookinfo/httproutes/reviews'

  it('lists reviews once, under Istio, naming both objects and marking the VirtualService', async () => {
    const istio = await inventory.listServices((await meshOf('istio')).id)
    const gamma = await inventory.listServices((await meshOf('gateway-api')).id)
    expect(gamma.map((s) => s.name)).toEqual(['ratings'])
    const reviews = istio.find((s) => s.name === 'reviews')!
    expect(reviews.routing.map(({ kind, name, active }) => [kind, name, active])).toEqual([
      ['VirtualService', 'reviews', true],
      ['DestinationRule', 'reviews', false],
      ['HTTPRoute', 'reviews', false],
    ])
  })

  it('resolves the losing id to the winner and refuses its split with 422 naming the winner', async () => {
    const istio = (await inventory.listServices((await meshOf('istio')).id)).find(
      (s) => s.name === 'reviews',
    )!
    const gamma = parseMeshId((await meshOf('gateway-api')).id)!
    const loser = serviceId({ mesh: gamma, namespace: 'bookinfo', name: 'reviews' })
    expect(await inventory.getService(loser)).toEqual(istio)
    const before = await lab.source('mixed').kube.get(routePath, AbortSignal.timeout(5000))
    const desired = {
      backends: [
        { name: 'reviews-v1', weight: 100 },
        { name: 'reviews-v2', weight: 0 },
      ],
      revision: '1',
    }
    for (const attempt of [
      () => splits.read(loser),
      () => splits.preview(loser, desired),
      () => splits.apply(loser, desired),
    ]) {
      const error = await attempt().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(UnprocessableError)
      expect((error as Error).message).toContain('VirtualService bookinfo/reviews')
      expect((error as UnprocessableError).details).toMatchObject({ serviceId: istio.id })
    }
    expect(await lab.source('mixed').kube.get(routePath, AbortSignal.timeout(5000))).toEqual(before)
    expect((await splits.read(istio.id)).backends).toEqual([
      { name: 'v1', weight: 80 },
      { name: 'v2', weight: 20 },
    ])
  })
})
