import { describe, expect, it } from 'vitest'
import { ISTIO_BUCKETS_MS } from './histogram'
import { TrafficModel, type Flow, type Workload } from './model'
import { WRITERS } from './writers'

const workload = (app: string, version: string, pods: string[]): Workload => ({
  cluster: 'c1',
  namespace: 'shop',
  name: `${app}-${version}`,
  app,
  version,
  pods,
})

const flow = (weights: [number, number], proxy: Flow['proxy'] = 'istio'): Flow => ({
  proxy,
  cluster: 'c1',
  namespace: 'shop',
  service: 'reviews',
  port: 9080,
  rps: 100,
  source: workload('productpage', 'v1', ['productpage-v1-a']),
  backends: [
    {
      name: 'v1',
      weight: weights[0],
      workload: workload('reviews', 'v1', ['reviews-v1-a', 'reviews-v1-b']),
    },
    {
      name: 'v2',
      weight: weights[1],
      workload: workload('reviews', 'v2', ['reviews-v2-a']),
      behaviour: { errorRate: 0.1, latencyMs: { p50: 100, p99: 900 } },
    },
  ],
})

const value = (text: string, line: RegExp) =>
  text
    .split('\n')
    .filter((l) => line.test(l))
    .reduce((s, l) => s + Number(l.split(' ').pop()), 0)

describe('TrafficModel', () => {
  it('splits requests by weight exactly over time and spreads them over pods', () => {
    const model = new TrafficModel(7)
    for (let i = 0; i < 10; i++) model.tick([flow([70, 30])], 1)
    const v1a = WRITERS.istio.write(model.pod('c1', 'shop', 'reviews-v1-a')!)
    const v1b = WRITERS.istio.write(model.pod('c1', 'shop', 'reviews-v1-b')!)
    const v2 = WRITERS.istio.write(model.pod('c1', 'shop', 'reviews-v2-a')!)
    const total = (t: string) => value(t, /^istio_requests_total\{reporter="destination"/)
    expect(total(v1a) + total(v1b)).toBe(700)
    expect(total(v1a)).toBe(350)
    expect(total(v2)).toBe(300)
    const errors = value(v2, /^istio_requests_total\{.*response_code="503"/)
    expect(errors).toBeGreaterThan(10)
    expect(errors).toBeLessThan(60)
    // The caller's sidecar reports the same requests with reporter="source".
    const src = WRITERS.istio.write(model.pod('c1', 'shop', 'productpage-v1-a')!)
    expect(value(src, /^istio_requests_total\{reporter="source".*destination_version="v2"/)).toBe(
      300,
    )
  })

  it('writes Istio histograms in the exposition format with the standard buckets', () => {
    const model = new TrafficModel(1)
    model.tick([flow([0, 100])], 1)
    const text = WRITERS.istio.write(model.pod('c1', 'shop', 'reviews-v2-a')!)
    expect(text).toMatch(/^# HELP istio_requests_total .+\n# TYPE istio_requests_total counter\n/)
    const ok = text
      .split('\n')
      .filter(
        (l) =>
          l.startsWith('istio_request_duration_milliseconds_bucket') &&
          l.includes('response_code="200"'),
      )
    expect(ok.map((l) => l.match(/le="([^"]+)"/)![1])).toEqual([
      ...ISTIO_BUCKETS_MS.map(String),
      '+Inf',
    ])
    const counts = ok.map((l) => Number(l.split(' ').pop()))
    expect(counts).toEqual([...counts].sort((a, b) => a - b))
    expect(counts.at(-1)).toBe(
      value(text, /^istio_request_duration_milliseconds_count\{.*response_code="200"/),
    )
    expect(text).toContain('destination_service="reviews.shop.svc.cluster.local"')
    expect(text).toContain('source_workload="productpage-v1"')
  })

  it('writes Linkerd and Envoy families from the same counters', () => {
    const model = new TrafficModel(3)
    model.tick([flow([50, 50], 'linkerd')], 2)
    const l = WRITERS.linkerd.write(model.pod('c1', 'shop', 'reviews-v2-a')!)
    expect(
      value(l, /^response_total\{direction="inbound".*classification="(success|failure)"/),
    ).toBe(100)
    expect(l).toMatch(
      /response_latency_ms_bucket\{direction="inbound",authority="reviews.shop.svc.cluster.local:9080",tls="true",status_code="200",le="1"\}/,
    )
    const out = WRITERS.linkerd.write(model.pod('c1', 'shop', 'productpage-v1-a')!)
    expect(value(out, /^request_total\{direction="outbound".*dst_deployment="reviews-v1"/)).toBe(
      100,
    )
    const e = WRITERS.envoy.write(model.pod('c1', 'shop', 'reviews-v2-a')!)
    expect(value(e, /^envoy_cluster_upstream_rq_total\{/)).toBe(100)
    expect(value(e, /^envoy_cluster_upstream_rq_xx\{.*envoy_response_code_class="2"/)).toBe(
      value(e, /^envoy_cluster_upstream_rq\{.*envoy_response_code="200"/),
    )
    expect(e).not.toContain('# HELP')
  })
})
