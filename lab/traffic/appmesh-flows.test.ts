import { describe, expect, it } from 'vitest'
import { parseAwsScenario } from '../appmesh/scenario'
import { buildStore, touch } from '../appmesh/store'
import { appMeshFlows, appMeshCluster, envoyTargets } from './appmesh-flows'
import { ENVOY_BUCKETS_MS } from './histogram'
import { appMeshHints } from './lab-metrics'
import { TrafficModel } from './model'
import { WRITERS } from './writers'

const OWNER = '111111111111'
const aws = parseAwsScenario({
  accounts: { platform: { id: OWNER, regions: ['eu-west-1'] } },
  meshes: [
    {
      name: 'store-front',
      account: 'platform',
      region: 'eu-west-1',
      services: [
        {
          name: 'cart.store-front.local',
          versions: { 'cart-v1': 90, 'cart-v2': 10 },
          rps: 100,
          routes: [
            // A header route tried first: plain requests must not take it.
            {
              name: 'cart-beta',
              priority: 5,
              header: { name: 'x-beta', exact: '1' },
              targets: { 'cart-v2': 1 },
            },
          ],
        },
        { name: 'search.store-front.local', node: 'search_v1' },
      ],
      behaviour: { 'cart-v2': { errorRate: 0.5, latencyMs: { p50: 200, p99: 900 } } },
    },
  ],
})

const sum = (text: string, line: RegExp) =>
  text
    .split('\n')
    .filter((l) => line.test(l))
    .reduce((s, l) => s + Number(l.split(' ').pop()), 0)

function run(model: TrafficModel, store: ReturnType<typeof buildStore>, seconds: number) {
  for (let i = 0; i < seconds; i++) model.tick(appMeshFlows(store, appMeshHints(aws)), 1)
}
const envoy = (model: TrafficModel, task: string) => {
  const pod = model.pod(appMeshCluster('eu-west-1', OWNER), 'store-front', task)
  return pod ? WRITERS[pod.proxy].write(pod) : ''
}
const total = /^envoy_cluster_upstream_rq_total\{/

describe('App Mesh traffic in the lab', () => {
  it("splits each virtual service by its default route's weighted targets, as its Envoys report", () => {
    const store = buildStore(aws)
    const model = new TrafficModel(5)
    run(model, store, 10)
    const v1 = envoy(model, 'cart-v1-task-1')
    const v2 = envoy(model, 'cart-v2-task-1')
    expect(sum(v1, total)).toBe(900)
    expect(sum(v2, total)).toBe(100)
    // The ingress cluster, named as App Mesh's Envoy names it; node names may hold `_`.
    expect(v1).toContain(
      'envoy_cluster_upstream_rq_total{envoy_cluster_name="cds_ingress_store-front_cart-v1_http_8080"} 900',
    )
    expect(envoy(model, 'search_v1-task-1')).toContain(
      'envoy_cluster_name="cds_ingress_store-front_search_v1_http_8080"',
    )
    // The scenario's behaviour of cart-v2: about half its answers are 503s.
    const failed = sum(v2, /^envoy_cluster_upstream_rq\{.*envoy_response_code="503"/)
    expect(failed).toBeGreaterThan(30)
    expect(failed).toBeLessThan(70)
    expect(sum(v2, /^envoy_cluster_upstream_rq_xx\{.*envoy_response_code_class="5"/)).toBe(failed)
  })

  it('follows an UpdateRoute in the next tick', () => {
    const store = buildStore(aws)
    const model = new TrafficModel(5)
    run(model, store, 10)
    const mesh = store.get('eu-west-1')!.get(`${OWNER}/store-front`)!
    const route = mesh.routes.get('cart-router')!.get('cart-route')!
    const spec = structuredClone(route.spec) as {
      httpRoute: { action: { weightedTargets: { weight: number }[] } }
    }
    spec.httpRoute.action.weightedTargets[0]!.weight = 50
    spec.httpRoute.action.weightedTargets[1]!.weight = 50
    touch(route, spec)
    run(model, store, 10)
    expect(sum(envoy(model, 'cart-v1-task-1'), total)).toBe(900 + 500)
    expect(sum(envoy(model, 'cart-v2-task-1'), total)).toBe(100 + 500)
  })

  it('writes the request time histogram with Envoy buckets, +Inf equal to the count', () => {
    const store = buildStore(aws)
    const model = new TrafficModel(9)
    run(model, store, 2)
    const text = envoy(model, 'cart-v1-task-1')
    expect(text).toMatch(/^# TYPE envoy_cluster_upstream_rq counter\n/)
    const buckets = text
      .split('\n')
      .filter((l) => l.startsWith('envoy_cluster_upstream_rq_time_bucket'))
    expect(buckets.map((l) => l.match(/le="([^"]+)"/)![1])).toEqual([
      ...ENVOY_BUCKETS_MS.map(String),
      '+Inf',
    ])
    const counts = buckets.map((l) => Number(l.split(' ').pop()))
    expect(counts).toEqual([...counts].sort((a, b) => a - b))
    expect(counts.at(-1)).toBe(sum(text, /^envoy_cluster_upstream_rq_time_count\{/))
    expect(counts.at(-1)).toBe(180)
  })

  it("lists one Envoy per virtual node, with its node's ARN", () => {
    const targets = envoyTargets(buildStore(aws))
    expect(targets.map((t) => [t.task, t.resourceArn]).sort()).toEqual([
      ['cart-v1-task-1', `arn:aws:appmesh:eu-west-1:${OWNER}:mesh/store-front/virtualNode/cart-v1`],
      ['cart-v2-task-1', `arn:aws:appmesh:eu-west-1:${OWNER}:mesh/store-front/virtualNode/cart-v2`],
      [
        'search_v1-task-1',
        `arn:aws:appmesh:eu-west-1:${OWNER}:mesh/store-front/virtualNode/search_v1`,
      ],
    ])
  })
})
