import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeAdapterContract } from '@/server/adapters/contract-suite'
import { kubeObjectWorld } from '@/server/adapters/k8s/object-fixture'
import { kubectlJson } from '@/server/fixtures/kubectl'
import { testSplits } from '@/server/fixtures/splits'
import { startTestLab, type TestLab } from '@/server/fixtures/test-lab'
import { Inventory } from '@/server/inventory/inventory'
import { istioAdapter } from '.'
import { vsPath } from './api'

describeAdapterContract(istioAdapter, {
  name: 'lab cluster east, VirtualService bookinfo/reviews',
  // Istio's bookinfo sample in west: everyone but jason to v3, subsets v1-v3.
  candidate: { namespace: 'bookinfo', service: 'reviews', route: ['v3'], name: 'v1' },
  async setup() {
    const lab = await startTestLab()
    const source = lab.source('east')
    const west = lab.source('west')
    return {
      source,
      candidateWorld: {
        source: west,
        readNative: kubeObjectWorld(west, vsPath('v1', 'bookinfo', 'reviews')).readNative,
        isRoutePath: (p) => /^spec\.http\.1\.route\b/.test(p),
      },
      service: { namespace: 'bookinfo', name: 'reviews', backends: ['v1', 'v2', 'v3'] },
      ...kubeObjectWorld(source, vsPath('v1', 'bookinfo', 'reviews')),
      isWeightPath: (p) => /^spec\.http\.\d+\.route\.\d+\.weight$/.test(p),
      malformed: {
        object: { kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews-canary' },
        field: 'spec.http.0.route.1.weight',
      },
      stop: () => lab.stop(),
    }
  },
})

describe('istio adapter on the lab', () => {
  let lab: TestLab
  let splits: Awaited<ReturnType<typeof testSplits>>
  const signal = () => AbortSignal.timeout(5000)
  beforeAll(async () => {
    lab = await startTestLab()
    splits = await testSplits(new Inventory([lab.source('west')], 10_000, 2000, [istioAdapter]))
  })
  afterAll(async () => {
    await splits?.audit.close()
    await lab.stop()
  })

  it('reports the revision and version of a revisioned istiod, and nothing where Istio is absent', async () => {
    const [west] = await istioAdapter.discover(lab.source('west'), signal())
    expect(west).toMatchObject({
      name: 'istio',
      version: '1.23.1',
      revision: '1-23',
      controlPlaneNamespace: 'istio-system',
    })
    expect(await istioAdapter.discover(lab.source('plain'), signal())).toEqual([])
  })

  it('counts the pods of each subset and their readiness, and skips routes without subsets', async () => {
    const source = lab.source('east')
    const [mesh] = await istioAdapter.discover(source, signal())
    const { items: services } = await istioAdapter.services(mesh!, source, signal())
    expect(services.map((s) => s.name).sort()).toEqual(['ratings', 'reviews'])
    const reviews = services.find((s) => s.name === 'reviews')!
    expect(reviews.backends).toEqual([
      { name: 'v1', weight: 75, replicas: 2, readyReplicas: 2 },
      { name: 'v2', weight: 25, replicas: 1, readyReplicas: 1 },
      { name: 'v3', weight: 0, replicas: 1, readyReplicas: 0 },
    ])
    expect(reviews.routing).toEqual([
      {
        kind: 'VirtualService',
        apiVersion: 'networking.istio.io/v1',
        namespace: 'bookinfo',
        name: 'reviews',
        active: true,
        createdAt: expect.any(String),
      },
      {
        kind: 'DestinationRule',
        apiVersion: 'networking.istio.io/v1',
        namespace: 'bookinfo',
        name: 'reviews',
        active: false,
      },
    ])
    // A lone destination without weight takes all the traffic; FQDN hosts resolve like short ones.
    expect(services.find((s) => s.name === 'ratings')!.backends).toEqual([
      { name: 'v1', weight: 100, replicas: 1, readyReplicas: 1 },
    ])
  })

  it('reports each object that does not fit, naming the field, on the mesh and on the services whose hosts it names', async () => {
    const source = lab.source('east')
    const [mesh] = await istioAdapter.discover(source, signal())
    const { items, problems } = await istioAdapter.services(mesh!, source, signal())
    const canary = {
      object: {
        kind: 'VirtualService',
        apiVersion: 'networking.istio.io/v1',
        namespace: 'bookinfo',
        name: 'reviews-canary',
      },
      message: 'spec.http.0.route.1.weight: must be a number, not a string',
    }
    const subsets = {
      object: {
        kind: 'DestinationRule',
        apiVersion: 'networking.istio.io/v1',
        namespace: 'bookinfo',
        name: 'ratings-by-version',
      },
      message: 'spec.subsets.0.name: is required',
    }
    const withoutSpec = {
      object: {
        kind: 'VirtualService',
        apiVersion: 'networking.istio.io/v1',
        namespace: 'bookinfo',
        name: 'without-spec',
      },
      message: 'spec: is required',
    }
    expect(problems).toEqual(expect.arrayContaining([canary, subsets, withoutSpec]))
    expect(problems).toHaveLength(3)
    expect(items.find((s) => s.name === 'reviews')!.problems).toEqual([canary])
    expect(items.find((s) => s.name === 'ratings')!.problems).toEqual([subsets])
  })

  it("offers bookinfo's other subsets of reviews routed to v3, and adds one to the catch-all route only", async () => {
    const source = lab.source('west')
    const [mesh] = await istioAdapter.discover(source, signal())
    const reviews = (await istioAdapter.services(mesh!, source, signal())).items.find(
      (s) => s.name === 'reviews',
    )!
    expect(reviews.backends).toEqual([{ name: 'v3', weight: 100, replicas: 1, readyReplicas: 1 }])
    expect(reviews.candidates).toEqual([
      { name: 'v1', weight: 0, replicas: 1, readyReplicas: 1 },
      { name: 'v2', weight: 0, replicas: 2, readyReplicas: 2 },
      {
        name: 'v4',
        weight: 0,
        replicas: 1,
        readyReplicas: 1,
        reason:
          'pods labelled version=v4 run, but no DestinationRule subset of reviews.bookinfo.svc.cluster.local selects them',
      },
    ])

    type Vs = { spec: { http: { match?: unknown; route: unknown[] }[] } }
    const get = () =>
      kubectlJson<Vs>(lab.lab.kubeconfigPath, 'west', ['get', 'vs', 'reviews', '-n', 'bookinfo'])
    const before = await get()
    const split = await splits.read(reviews.id)
    const written = await splits.apply(reviews.id, {
      backends: [
        { name: 'v3', weight: 90 },
        { name: 'v2', weight: 10 },
      ],
      revision: split.revision,
    })
    expect(written.candidates).toEqual([{ name: 'v1', weight: 0 }])
    const after = await get()
    expect(after.spec.http[1]!.route).toEqual([
      { destination: { host: 'reviews', subset: 'v3' }, weight: 90 },
      { destination: { host: 'reviews', subset: 'v2' }, weight: 10 },
    ])
    // jason's header route is left exactly as it was.
    expect(after.spec.http[0]).toEqual(before.spec.http[0])
    expect((await splits.records()).map((r) => r.outcome)).toEqual(['applied'])
    await splits.apply(reviews.id, {
      backends: [{ name: 'v3', weight: 100 }],
      remove: ['v2'],
      revision: written.revision,
    })
  })
})
