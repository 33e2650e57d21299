import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MeshKind, SplitUpdate } from '@/lib/schemas'
import { kubectl } from '@/server/fixtures/kubectl'
import { testSplits } from '@/server/fixtures/splits'
import { DOCUMENTED_SCENARIO, startTestLab, type TestLab } from '@/server/fixtures/test-lab'
import { Inventory } from '@/server/inventory/inventory'
import { kubeSources } from '@/server/sources/sources'

/**
 * Each mesh's routing objects exactly as its documentation publishes them (lab/scenarios/
 * documented.yaml names the page of each): listed, read and written through the write pipeline,
 * the write then checked with kubectl at the API version the documentation uses.
 */
let lab: TestLab
let inventory: Inventory
let splits: ReturnType<typeof testSplits>

beforeAll(async () => {
  lab = await startTestLab({ scenarioPath: DOCUMENTED_SCENARIO })
  inventory = new Inventory(
    kubeSources({ kubeconfig: lab.lab.kubeconfigPath, sourceTimeoutMs: 5000 }),
    5000,
  )
  splits = testSplits(inventory)
})
afterAll(() => lab?.stop())

async function serviceIn(cluster: string, kind: MeshKind, namespace: string, name: string) {
  const { items, errors } = await inventory.listMeshes()
  expect(errors).toEqual([])
  const mesh = items.find((m) => m.source.name === cluster && m.kind === kind)!
  const listed = await inventory.listServices(mesh.id)
  expect(listed.problems).toEqual([])
  return listed.items.find((s) => s.namespace === namespace && s.name === name)!
}

/** Writes `weights` (backend → percent) over the split read, through the pipeline. */
async function shift(id: string, weights: Record<string, number>) {
  const split = await splits.read(id)
  const desired: SplitUpdate = {
    backends: split.backends.map((b) => ({ name: b.name, weight: weights[b.name]! })),
    revision: split.revision,
  }
  const written = await splits.apply(id, desired)
  expect(written).toMatchObject({ outcome: 'applied', backends: desired.backends })
  return desired
}

const getJson = async <T>(cluster: string, ...args: string[]): Promise<T> =>
  JSON.parse(await kubectl(lab.lab.kubeconfigPath, cluster, ['get', ...args, '-o', 'json'])) as T

const ready = (name: string, weight: number) => ({ name, weight, replicas: 1, readyReplicas: 1 })

describe("Open Service Mesh's bookstore demo (traffic-split-50-50.yaml)", () => {
  it('lists the root written `bookstore.bookstore` as the Service bookstore, whose backends include itself', async () => {
    const bookstore = await serviceIn('osm', 'smi', 'bookstore', 'bookstore')
    expect(bookstore.backends).toEqual([ready('bookstore', 50), ready('bookstore-v2', 50)])
    expect(bookstore.routing).toMatchObject([
      { kind: 'TrafficSplit', namespace: 'bookstore', name: 'bookstore-split', active: true },
    ])
  })

  it('writes only the weights, the root left as written', async () => {
    const bookstore = await serviceIn('osm', 'smi', 'bookstore', 'bookstore')
    await shift(bookstore.id, { bookstore: 80, 'bookstore-v2': 20 })
    const split = await getJson<{ spec: unknown }>(
      'osm',
      'trafficsplits.v1alpha2.split.smi-spec.io',
      'bookstore-split',
      '-n',
      'bookstore',
    )
    expect(split.spec).toEqual({
      service: 'bookstore.bookstore',
      backends: [
        { service: 'bookstore', weight: 80 },
        { service: 'bookstore-v2', weight: 20 },
      ],
    })
  })
})

type VirtualService = {
  apiVersion: string
  spec: { http: { route: { destination: { subset: string }; weight: number }[] }[] }
}

describe("Istio 1.20, before networking v1: the VirtualService reference's weighted example", () => {
  it('runs in a cluster that serves networking.istio.io v1beta1 and v1alpha3, not v1', async () => {
    const versions = (await kubectl(lab.lab.kubeconfigPath, 'istio-1-20', ['api-versions']))
      .split('\n')
      .filter((v) => v.startsWith('networking.istio.io/'))
    expect(versions.sort()).toEqual(['networking.istio.io/v1alpha3', 'networking.istio.io/v1beta1'])
  })

  it('lists reviews-route, in default with host reviews.prod.svc.cluster.local, as prod/reviews at the served version', async () => {
    const reviews = await serviceIn('istio-1-20', 'istio', 'prod', 'reviews')
    expect(reviews.backends).toEqual([ready('v2', 25), ready('v1', 75)])
    expect(reviews.routing).toEqual([
      {
        kind: 'VirtualService',
        apiVersion: 'networking.istio.io/v1beta1',
        namespace: 'default',
        name: 'reviews-route',
        active: true,
        createdAt: expect.any(String),
      },
      {
        kind: 'DestinationRule',
        apiVersion: 'networking.istio.io/v1beta1',
        namespace: 'default',
        name: 'reviews-destination',
        active: false,
      },
    ])
  })

  it('previews and writes the weights at v1beta1, which kubectl reads back at v1alpha3', async () => {
    const reviews = await serviceIn('istio-1-20', 'istio', 'prod', 'reviews')
    const split = await splits.read(reviews.id)
    const preview = await splits.preview(reviews.id, {
      backends: split.backends,
      revision: split.revision,
    })
    expect(preview.object).toEqual({
      kind: 'VirtualService',
      apiVersion: 'networking.istio.io/v1beta1',
      namespace: 'default',
      name: 'reviews-route',
    })
    await shift(reviews.id, { v2: 40, v1: 60 })
    const vs = await getJson<VirtualService>(
      'istio-1-20',
      'virtualservices.v1alpha3.networking.istio.io',
      'reviews-route',
      '-n',
      'default',
    )
    expect(vs.apiVersion).toBe('networking.istio.io/v1alpha3')
    expect(vs.spec.http[0]!.route.map((r) => [r.destination.subset, r.weight])).toEqual([
      ['v2', 40],
      ['v1', 60],
    ])
  })
})

describe("Linkerd's traffic shifting task (HTTPRoute with parent group: core)", () => {
  it('lists the parent Service bb, itself a backend, and writes the weights, the parent left as written', async () => {
    const bb = await serviceIn('linkerd-docs', 'linkerd', 'traffic-shift-demo', 'bb')
    expect(bb.backends).toEqual([ready('bb', 90), ready('bb-v2', 10)])
    await shift(bb.id, { bb: 70, 'bb-v2': 30 })
    const route = await getJson<{
      spec: { parentRefs: unknown; rules: { backendRefs: { name: string; weight: number }[] }[] }
    }>(
      'linkerd-docs',
      'httproutes.v1beta2.policy.linkerd.io',
      'bb-route',
      '-n',
      'traffic-shift-demo',
    )
    expect(route.spec.parentRefs).toEqual([
      { name: 'bb', kind: 'Service', group: 'core', port: 8080 },
    ])
    expect(route.spec.rules[0]!.backendRefs.map((b) => [b.name, b.weight])).toEqual([
      ['bb', 70],
      ['bb-v2', 30],
    ])
  })
})

type ServiceSplitter = { spec: { splits: Record<string, unknown>[] } }
const splitter = (namespace: string, name: string) =>
  getJson<ServiceSplitter>(
    'consul-docs',
    'servicesplitters.consul.hashicorp.com',
    name,
    '-n',
    namespace,
  )

describe("Consul's service-splitter reference", () => {
  it('"Set HTTP headers": two subsets, whose response headers stay as written', async () => {
    const web = await serviceIn('consul-docs', 'consul', 'default', 'web')
    expect(web.backends).toEqual([ready('v1', 90), ready('v2', 10)])
    await shift(web.id, { v1: 70, v2: 30 })
    expect((await splitter('default', 'web')).spec.splits).toEqual([
      { weight: 70, serviceSubset: 'v1', responseHeaders: { set: { 'x-web-version': 'v1' } } },
      { weight: 30, serviceSubset: 'v2', responseHeaders: { set: { 'x-web-version': 'v2' } } },
    ])
  })

  it('"Two different services": the splitter\'s own service, named by nothing, and web-rewrite', async () => {
    const web = await serviceIn('consul-docs', 'consul', 'rewrite', 'web')
    expect(web.backends).toEqual([ready('web', 50), ready('web-rewrite', 50)])
    await shift(web.id, { web: 80, 'web-rewrite': 20 })
    expect((await splitter('rewrite', 'web')).spec.splits).toEqual([
      { weight: 80 },
      { weight: 20, service: 'web-rewrite' },
    ])
  })

  it('a split naming service, subset and namespace is a backend of its own name, ready as that namespace is', async () => {
    const checkout = await serviceIn('consul-docs', 'consul', 'default', 'checkout')
    expect(checkout.backends).toEqual([ready('v1', 90), ready('v2.checkout.canary', 10)])
    await shift(checkout.id, { v1: 50, 'v2.checkout.canary': 50 })
    expect((await splitter('default', 'checkout')).spec.splits).toEqual([
      { weight: 50, serviceSubset: 'v1' },
      { weight: 50, service: 'checkout', serviceSubset: 'v2', namespace: 'canary' },
    ])
  })
})
