import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Store as AppMeshStore } from '../appmesh/store'
import { findByKind } from '../kube/resources'
import { appMeshCluster, appMeshFlows, envoyTargets, type AppMeshHints } from './appmesh-flows'
import { CONTENT_TYPE } from './exposition'
import type { TrafficHints } from './istio-flows'
import { meshFlows, type TrafficCluster } from './mesh-flows'
import { TrafficModel, type Flow } from './model'
import { WRITERS } from './writers'

export type TrafficOptions = {
  clusters: TrafficCluster[]
  hints?: TrafficHints
  /** The lab's App Mesh world: its virtual services' traffic, reported by App Mesh's Envoy. */
  appmesh?: { store: AppMeshStore; hints?: AppMeshHints }
  tickMs?: number
  host?: string
  port?: number
  seed?: number
}

export type Traffic = {
  /**
   * Base URL: `/sd/<cluster>` (Prometheus HTTP service discovery), `/metrics/<cluster>/<ns>/<pod>`;
   * App Mesh: `/appmesh/sd`, `/envoy/<region>/<mesh owner>/<mesh>/<task>/stats/prometheus`.
   */
  url: string
  sdUrl(cluster: string): string
  /** HTTP service discovery of the App Mesh Envoys (absent without an App Mesh world). */
  appMeshSdUrl?: string
  stop(): Promise<void>
}

const label = (name: string) => name.replace(/[^a-zA-Z0-9_]/g, '_')
const SKIP_NAMESPACES = new Set(['kube-system', 'kube-public'])

/**
 * The lab's proxies, seen from Prometheus: every pod of every cluster is a scrape target found
 * through HTTP service discovery, with the `__meta_kubernetes_*` labels and `prometheus.io/*`
 * annotations Kubernetes SD and the sidecar injectors give it, so the Prometheus config relabels
 * exactly as a real `kubernetes-pods` job does. The routing is read from the store every tick.
 */
export async function startTraffic(options: TrafficOptions): Promise<Traffic> {
  const { clusters, hints, tickMs = 1000, host = '127.0.0.1' } = options
  const model = new TrafficModel(options.seed)
  const byName = new Map(clusters.map((c) => [c.name, c]))
  const podType = findByKind('v1', 'Pod')!
  let base = ''

  // A cluster's flows change only with its objects or the hints: read again only then.
  const cached = new Map<string, { revision: string; flows: Flow[] }>()
  const flowsOf = (c: TrafficCluster) => {
    const revision = `${c.store.resourceVersion}/${hints?.revision?.() ?? 0}`
    let hit = cached.get(c.name)
    if (hit?.revision !== revision)
      cached.set(c.name, (hit = { revision, flows: meshFlows(c, hints) }))
    return hit.flows
  }

  let last = Date.now()
  const tick = () => {
    const now = Date.now()
    const flows = clusters.flatMap(flowsOf)
    if (options.appmesh) flows.push(...appMeshFlows(options.appmesh.store, options.appmesh.hints))
    model.tick(flows, (now - last) / 1000)
    last = now
  }
  const timer = setInterval(tick, tickMs)

  const discover = (c: TrafficCluster) =>
    c.store
      .peekSorted(podType)
      .filter((p) => !SKIP_NAMESPACES.has(p.metadata.namespace ?? ''))
      .map((p) => {
        const ns = p.metadata.namespace ?? 'default'
        const name = p.metadata.name!
        const podLabels = Object.entries(p.metadata.labels ?? {}).map(([k, v]) => [
          `__meta_kubernetes_pod_label_${label(k)}`,
          v,
        ])
        return {
          targets: [new URL(base).host],
          labels: {
            cluster: c.name,
            __meta_kubernetes_namespace: ns,
            __meta_kubernetes_pod_name: name,
            __meta_kubernetes_pod_phase: String(
              (p.status as { phase?: string } | undefined)?.phase ?? 'Running',
            ),
            __meta_kubernetes_pod_annotation_prometheus_io_scrape: 'true',
            __meta_kubernetes_pod_annotation_prometheus_io_path: `/metrics/${c.name}/${ns}/${name}`,
            ...Object.fromEntries(podLabels),
          },
        }
      })

  /**
   * Stands in for ECS service discovery of the Envoy containers: the task's account, and the
   * APPMESH_RESOURCE_ARN its Envoy runs with (the virtual node's ARN), relabelled by the Prometheus
   * config into the mesh, its owner, the region and the virtual node.
   */
  const discoverEnvoys = (store: AppMeshStore) =>
    envoyTargets(store).map((t) => ({
      targets: [new URL(base).host],
      labels: {
        aws_account_id: t.node.metadata.resourceOwner,
        __meta_ecs_task_id: t.task,
        __meta_appmesh_resource_arn: t.resourceArn,
        __metrics_path__: `/envoy/${t.region}/${t.mesh.metadata.meshOwner}/${t.mesh.names.meshName}/${t.task}/stats/prometheus`,
      },
    }))

  const server = http.createServer((req, res) => {
    const parts = new URL(req.url ?? '/', base).pathname
      .split('/')
      .filter(Boolean)
      .map(decodeURIComponent)
    if (parts[0] === 'appmesh' && parts[1] === 'sd' && options.appmesh && parts.length === 2) {
      res.writeHead(200, { 'content-type': 'application/json' })
      return res.end(JSON.stringify(discoverEnvoys(options.appmesh.store)))
    }
    if (
      parts[0] === 'envoy' &&
      parts.length === 7 &&
      parts.slice(5).join('/') === 'stats/prometheus'
    ) {
      const [, region, owner, mesh, task] = parts as [string, string, string, string, string]
      const pod = model.pod(appMeshCluster(region, owner), mesh, task)
      res.writeHead(200, { 'content-type': CONTENT_TYPE })
      return res.end(pod ? WRITERS[pod.proxy].write(pod) : '')
    }
    const cluster = byName.get(parts[1] ?? '')
    if (parts[0] === 'sd' && cluster && parts.length === 2) {
      res.writeHead(200, { 'content-type': 'application/json' })
      return res.end(JSON.stringify(discover(cluster)))
    }
    if (parts[0] === 'metrics' && cluster && parts.length === 4) {
      const pod = model.pod(cluster.name, parts[2]!, parts[3]!)
      res.writeHead(200, { 'content-type': CONTENT_TYPE })
      return res.end(pod ? WRITERS[pod.proxy].write(pod) : '')
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n')
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve))
  base = `http://${host}:${(server.address() as AddressInfo).port}`

  return {
    url: base,
    sdUrl: (cluster) => `${base}/sd/${encodeURIComponent(cluster)}`,
    ...(options.appmesh ? { appMeshSdUrl: `${base}/appmesh/sd` } : {}),
    stop: async () => {
      clearInterval(timer)
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
