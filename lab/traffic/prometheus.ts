import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import YAML from 'yaml'

export const PROMETHEUS_BIN = ['/usr/bin/prometheus', '/usr/local/bin/prometheus']

/**
 * The Prometheus config for the lab, shaped as a real cluster's: one `kubernetes-pods` job whose
 * targets come from service discovery (the lab's HTTP SD, one per cluster, standing in for
 * kubernetes_sd_configs) and are relabelled the standard way: keep annotated pods, path from the
 * `prometheus.io/path` annotation, `namespace`, `pod` and `app` from the pod, and the pod labels Linkerd's
 * viz job maps (`linkerd.io/proxy-deployment` → `deployment`). `cluster` is a target label, so one
 * shared Prometheus serves every cluster. With an App Mesh world, a second job scrapes its Envoys.
 */
export function prometheusConfig(opts: {
  sdUrls: Record<string, string>
  /** HTTP SD of the App Mesh Envoys: adds the `appmesh-envoy` job. */
  appMeshSdUrl?: string
  scrapeIntervalSeconds: number
  queryLogFile: string
}): string {
  const interval = `${opts.scrapeIntervalSeconds}s`
  return YAML.stringify({
    global: {
      scrape_interval: interval,
      evaluation_interval: interval,
      query_log_file: opts.queryLogFile,
    },
    scrape_configs: [
      {
        job_name: 'kubernetes-pods',
        honor_labels: true,
        http_sd_configs: Object.values(opts.sdUrls).map((url) => ({
          url,
          refresh_interval: interval,
        })),
        relabel_configs: [
          {
            source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'],
            action: 'keep',
            regex: 'true',
          },
          {
            source_labels: ['__meta_kubernetes_pod_phase'],
            action: 'drop',
            regex: 'Pending|Succeeded|Failed',
          },
          {
            source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_path'],
            action: 'replace',
            target_label: '__metrics_path__',
            regex: '(.+)',
          },
          {
            source_labels: ['__meta_kubernetes_namespace'],
            action: 'replace',
            target_label: 'namespace',
          },
          { source_labels: ['__meta_kubernetes_pod_name'], action: 'replace', target_label: 'pod' },
          // The pod's app, as the Prometheus example's pod-label labelmap gives it: who called, for
          // the meshes whose callers' proxies count (Linkerd, OSM).
          {
            source_labels: ['__meta_kubernetes_pod_label_app'],
            action: 'replace',
            target_label: 'app',
          },
          // Every pod is served by the lab's one address, so the instance names the pod instead.
          {
            source_labels: ['cluster', '__meta_kubernetes_namespace', '__meta_kubernetes_pod_name'],
            separator: '/',
            target_label: 'instance',
          },
          { action: 'labelmap', regex: '__meta_kubernetes_pod_label_linkerd_io_proxy_(.+)' },
        ],
      },
      ...(opts.appMeshSdUrl ? [appMeshJob(opts.appMeshSdUrl, interval)] : []),
    ],
  })
}

const ARN = '__meta_appmesh_resource_arn'
const fromArn = (target_label: string, replacement: string) => ({
  source_labels: [ARN],
  regex: 'arn:aws[a-z-]*:appmesh:([^:]+):([0-9]{12}):mesh/([^/]+)/virtualNode/(.+)',
  target_label,
  replacement,
})

/**
 * The App Mesh Envoys (`/stats/prometheus` on the admin port), found as ECS tasks are: the SD gives
 * the task's account (`aws_account_id`) and the APPMESH_RESOURCE_ARN its Envoy runs with, which
 * relabelling turns into `aws_region`, `appmesh_mesh_owner`, `appmesh_mesh`, `appmesh_virtual_node`
 * (the names App Mesh's own Envoy stats tags and CloudWatch use, lower-cased).
 */
function appMeshJob(url: string, interval: string) {
  return {
    job_name: 'appmesh-envoy',
    honor_labels: true,
    http_sd_configs: [{ url, refresh_interval: interval }],
    relabel_configs: [
      { source_labels: [ARN], action: 'keep', regex: '.+/virtualNode/.+' },
      fromArn('aws_region', '$1'),
      fromArn('appmesh_mesh_owner', '$2'),
      fromArn('appmesh_mesh', '$3'),
      fromArn('appmesh_virtual_node', '$4'),
      // Every task is served by the lab's one address, so the instance names the task instead.
      {
        source_labels: ['aws_account_id', '__meta_ecs_task_id'],
        separator: '/',
        target_label: 'instance',
      },
    ],
  }
}

export type Prometheus = { url: string; queryLogFile: string; stop(): Promise<void> }

export const findPrometheus = () => PROMETHEUS_BIN.find((p) => fs.existsSync(p)) ?? null

async function freePort(host: string): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  const port = (server.address() as net.AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

async function waitReady(url: string, child: ChildProcess, deadlineMs: number, log: () => string) {
  const until = Date.now() + deadlineMs
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${log()}`)
    const ok = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`prometheus not ready after ${deadlineMs} ms: ${log()}`)
}

/**
 * Writes `<dir>/prometheus.yml` and starts Debian's Prometheus on a free loopback port with a fresh
 * TSDB under `<dir>/prometheus-data` (counters of a new lab start at zero; old series would only
 * confuse). Throws when the binary is missing or does not come up.
 */
export async function startPrometheus(opts: {
  dir: string
  sdUrls: Record<string, string>
  appMeshSdUrl?: string
  scrapeIntervalSeconds: number
  host?: string
  port?: number
  /** Restarting (the control API's `PUT /prometheus`): keep the TSDB so history survives. */
  keepData?: boolean
}): Promise<Prometheus> {
  const bin = findPrometheus()
  if (!bin) throw new Error('prometheus is not installed (apt-get install prometheus)')
  const dir = path.resolve(opts.dir)
  const host = opts.host ?? '127.0.0.1'
  const port = opts.port ?? (await freePort(host))
  const dataDir = path.join(dir, 'prometheus-data')
  const configFile = path.join(dir, 'prometheus.yml')
  const queryLogFile = path.join(dir, 'prometheus-queries.log')
  fs.mkdirSync(dir, { recursive: true })
  if (!opts.keepData) {
    fs.rmSync(dataDir, { recursive: true, force: true })
    fs.rmSync(queryLogFile, { force: true })
  }
  fs.writeFileSync(configFile, prometheusConfig({ ...opts, queryLogFile }))
  const child = spawn(
    bin,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      `--web.listen-address=${host}:${port}`,
      '--web.enable-lifecycle',
      '--storage.tsdb.retention.time=1d',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)))
  const url = `http://${host}:${port}`
  try {
    await waitReady(url, child, 20_000, () => stderr.split('\n').slice(-5).join('\n'))
  } catch (err) {
    child.kill('SIGKILL')
    throw err
  }
  return {
    url,
    queryLogFile,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
