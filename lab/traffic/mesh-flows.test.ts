import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../lab'
import { findByKind } from '../kube/resources'
import { clusterProxy } from '../meshes'
import { kubeClient } from '../test-client'
import { scenarioHints } from './lab-metrics'
import { meshFlows } from './mesh-flows'
import { TrafficModel } from './model'
import { WRITERS } from './writers'

describe('traffic of the meshes scenario', () => {
  let lab: Lab
  const dir = mkdtempSync(join(tmpdir(), 'mesh-flows-'))
  beforeAll(async () => {
    lab = await startLab({ scenarioPath: resolve(__dirname, '../scenarios/meshes.yaml'), dir })
  })
  afterAll(async () => {
    await lab.stop()
    rmSync(dir, { recursive: true, force: true })
  })
  const flowsOf = (cluster: string) =>
    meshFlows(
      {
        name: cluster,
        store: lab.clusters[cluster]!.kube.store,
        proxy: clusterProxy(lab.scenario.clusters.find((c) => c.name === cluster)!.meshes),
      },
      scenarioHints(lab.scenario),
    )
  const flows = (cluster: string) =>
    Object.fromEntries(
      flowsOf(cluster).map((f) => [
        f.service,
        { proxy: f.proxy, backends: f.backends.map((b) => [b.name, b.weight]) },
      ]),
    )

  it('reports Linkerd traffic in Linkerd format, split by the HTTPRoutes, backends not called directly', () => {
    expect(flows('linkerd')).toEqual({
      emoji: {
        proxy: 'linkerd',
        backends: [
          ['emoji-v1', 1],
          ['emoji-v2', 1],
        ],
      },
      voting: {
        proxy: 'linkerd',
        backends: [
          ['voting-v1', 900],
          ['voting-v2', 100],
        ],
      },
      web: {
        proxy: 'linkerd',
        backends: [
          ['web-primary', 100],
          ['web-canary', 0],
        ],
      },
    })
  })

  it('follows the VirtualService where it and an HTTPRoute route one service', () => {
    expect(flows('mixed')).toEqual({
      reviews: {
        proxy: 'istio',
        backends: [
          ['v1', 80],
          ['v2', 20],
        ],
      },
      ratings: {
        proxy: 'istio',
        backends: [
          ['ratings-v1', 950000],
          ['ratings-v2', 50000],
        ],
      },
    })
  })

  it("reports OSM traffic from the callers' Envoys, split by every TrafficSplit version", () => {
    expect(flows('smi')).toEqual({
      bookbuyer: { proxy: 'osm', backends: [['bookbuyer', 1]] },
      cart: {
        proxy: 'osm',
        backends: [
          ['cart-v1', 0.9],
          ['cart-v2', 0.1],
        ],
      },
      bookstore: {
        proxy: 'osm',
        backends: [
          ['bookstore-v1', 75],
          ['bookstore-v2', 25],
        ],
      },
      catalog: {
        proxy: 'osm',
        backends: [
          ['catalog-stable', 60],
          ['catalog-canary', 40],
        ],
      },
      // search-internal-users matches a header: plain requests take search-split.
      search: {
        proxy: 'osm',
        backends: [
          ['search-v1', 80],
          ['search-v2', 20],
        ],
      },
    })
  })

  it("reports Consul traffic from the callers' Envoys, split by the ServiceSplitters over resolver subsets", () => {
    expect(flows('consul')).toEqual({
      nginx: { proxy: 'consul', backends: [['nginx', 1]] },
      api: {
        proxy: 'consul',
        backends: [
          ['v1', 90],
          ['v2', 10],
        ],
      },
      frontend: {
        proxy: 'consul',
        backends: [
          ['v1', 33.33],
          ['v2', 33.33],
          ['v3', 33.34],
        ],
      },
    })
    const api = flowsOf('consul').find((f) => f.service === 'api')!
    // Each subset reaches the pods its filter (Service.Meta.version) selects, and only those.
    expect(api.source?.app).toBe('nginx')
    for (const b of api.backends) {
      expect(b.workload.version).toBe(b.name)
      expect(b.upstream).toEqual({
        service: 'api',
        namespace: 'hashicups',
        port: 8080,
        subset: b.name,
      })
    }
  })

  it("follows a split written through the kube API in the next tick, in the meshes' Envoy formats", async () => {
    const smi = kubeClient(lab, 'smi')
    const consul = kubeClient(lab, 'consul')
    const merge = 'application/merge-patch+json'
    expect(
      (
        await smi.call(
          'PATCH',
          '/apis/split.smi-spec.io/v1alpha1/namespaces/bookstore/trafficsplits/cart-split',
          {
            contentType: merge,
            body: {
              spec: {
                service: 'cart',
                backends: [
                  { service: 'cart-v1', weight: '500m' },
                  { service: 'cart-v2', weight: '500m' },
                ],
              },
            },
          },
        )
      ).status,
    ).toBe(200)
    expect(
      (
        await consul.call(
          'PATCH',
          '/apis/consul.hashicorp.com/v1alpha1/namespaces/hashicups/servicesplitters/api',
          {
            contentType: merge,
            body: {
              spec: {
                splits: [
                  { weight: 50, serviceSubset: 'v1' },
                  { weight: 50, serviceSubset: 'v2' },
                ],
              },
            },
          },
        )
      ).status,
    ).toBe(200)
    const model = new TrafficModel(3)
    for (let i = 0; i < 10; i++)
      for (const cluster of ['smi', 'consul']) model.tick(flowsOf(cluster), 1)
    const scrape = (cluster: string, ns: string, app: string) =>
      lab.clusters[cluster]!.kube.store.list(findByKind('v1', 'Pod')!)
        .filter((p) => p.metadata.namespace === ns && p.metadata.labels?.app === app)
        .map((p) => model.pod(cluster, ns, p.metadata.name!))
        .map((pod) => (pod ? WRITERS[pod.proxy].write(pod) : ''))
        .join('')
    const sum = (text: string, metric: string, labels: string) =>
      text
        .split('\n')
        .filter((l) => l.startsWith(`${metric}{`) && l.includes(labels))
        .reduce((s, l) => s + Number(l.split(' ').pop()), 0)

    // OSM: the caller's Envoy counts per backend Service cluster `<ns>/<svc>|<port>`.
    const buyer = scrape('smi', 'bookstore', 'bookbuyer')
    for (const backend of ['cart-v1', 'cart-v2'])
      expect(
        sum(
          buyer,
          'envoy_cluster_upstream_rq_total',
          `envoy_cluster_name="bookstore/${backend}|14001"`,
        ),
      ).toBe(250)
    // The backend's own Envoy counts on the local cluster of the Service the caller addressed.
    expect(
      sum(
        scrape('smi', 'bookstore', 'cart'),
        'envoy_cluster_upstream_rq_total',
        'envoy_cluster_name="bookstore/cart|14001|local"',
      ),
    ).toBe(500)

    // Consul: the caller's Envoy tags the upstream cluster with the destination service and subset.
    const nginx = scrape('consul', 'hashicups', 'nginx')
    for (const subset of ['v1', 'v2'])
      expect(
        sum(
          nginx,
          'envoy_cluster_upstream_rq_total',
          `consul_destination_service_subset="${subset}",consul_destination_service="api",consul_destination_namespace="default"`,
        ),
      ).toBe(250)
    expect(nginx).toMatch(
      /envoy_cluster_upstream_rq_time_bucket\{local_cluster="nginx",consul_source_service="nginx",[^}]*consul_destination_target="v2\.api\.default\.dc1",[^}]*envoy_cluster_name="v2",le="\+Inf"\} 250/,
    )
    expect(
      sum(
        scrape('consul', 'hashicups', 'api'),
        'envoy_cluster_upstream_rq_total',
        'envoy_cluster_name="local_app"',
      ),
    ).toBe(500)
  })
})
