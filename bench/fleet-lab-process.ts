// The fleet lab for benches: the generated fleet scenario (lab/fleet-scale.ts) started as its own
// process (`node --import tsx lab/cli.ts start`, so its RSS is its own), its per-cluster request
// counts, and raw lists straight from one cluster, the baseline Meshpane's own figures compare to.
import fs from 'node:fs'
import { Agent, request } from 'node:https'
import os from 'node:os'
import path from 'node:path'
import { parse } from 'yaml'
import { fleetScaleYaml } from '@/lab/fleet-scale'
import {
  readLabInfo,
  spawnLab,
  type LabInfo,
  type LabRequestCounts,
} from '@/server/fixtures/lab-process'

export type FleetLabOptions = {
  clusters?: number // default 50
  services?: number // per cluster, default 200
  prometheus?: boolean // default off
  tickMs?: number
  historyLimit?: number
  /** Where the lab writes its files; default a fresh temporary folder, removed on stop. */
  dir?: string
}

export type FleetLab = {
  dir: string
  info: LabInfo
  controlUrl: string
  clusters: string[]
  /** As the admin (system:masters); meshpaneKubeconfigPath: as Meshpane's own identity. */
  kubeconfigPath: string
  meshpaneKubeconfigPath: string
  /** The Meshpane config the lab wrote (MESHPANE_CONFIG). */
  configPath: string
  pid: number
  /** From spawning the process until it printed `lab ready`. */
  readyMs: number
  /** The lab process's resident set now, in MB. */
  rssMb(): number
  requestCounts(): Promise<Record<string, LabRequestCounts>>
  resetRequestCounts(): Promise<void>
  stop(): Promise<void>
}

/** Resident set of a process, in MB (Linux). */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) / 1024
}

/** Per cluster, what it was asked since counting started (lab/README.md, request counts). */
export async function readRequestCounts(
  controlUrl: string,
): Promise<Record<string, LabRequestCounts>> {
  return (await fetch(`${controlUrl}/request-counts`)).json()
}

export async function resetRequestCounts(controlUrl: string): Promise<void> {
  const res = await fetch(`${controlUrl}/request-counts`, { method: 'DELETE' })
  if (!res.ok) throw new Error(`the lab refused to reset its request counts: ${res.status}`)
}

export async function startFleetLab(options: FleetLabOptions = {}): Promise<FleetLab> {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'meshpane-fleet-'))
  fs.mkdirSync(dir, { recursive: true })
  const scenarioPath = path.join(dir, 'fleet.yaml')
  fs.writeFileSync(scenarioPath, fleetScaleYaml(options.clusters ?? 50, options.services ?? 200))
  const args = ['--import', 'tsx', 'lab/cli.ts', 'start', '--scenario', scenarioPath]
  args.push('--dir', dir)
  if (!options.prometheus) args.push('--no-prometheus')
  if (options.tickMs) args.push('--tick-ms', String(options.tickMs))
  if (options.historyLimit) args.push('--history-limit', String(options.historyLimit))

  const started = performance.now()
  const { child, exited, output } = await spawnLab(process.execPath, args)
  const readyMs = performance.now() - started
  let stopping = false
  void exited.then(([code, signal]) => {
    if (!stopping) console.error(`the lab exited (${code ?? signal}):\n${output().slice(-3000)}`)
  })
  const info = readLabInfo(dir)
  return {
    dir,
    info,
    controlUrl: info.control,
    clusters: Object.keys(info.clusters),
    kubeconfigPath: path.join(dir, 'kubeconfig'),
    meshpaneKubeconfigPath: path.join(dir, 'meshpane.kubeconfig'),
    configPath: path.join(dir, 'meshpane.json'),
    pid: child.pid!,
    readyMs,
    rssMb: () => rssMb(child.pid!),
    requestCounts: () => readRequestCounts(info.control),
    resetRequestCounts: () => resetRequestCounts(info.control),
    async stop() {
      stopping = true
      if (child.exitCode === null) {
        process.kill(-child.pid!, 'SIGTERM')
        await exited
      }
      if (!options.dir) fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

type Kubeconfig = {
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[]
  users: { name: string; user: { token: string } }[]
  contexts: { name: string; context: { cluster: string; user: string } }[]
}

/** A client of one kubeconfig context: GET of JSON over a keep-alive connection pool. */
export function kubeGetter(kubeconfigPath: string, context: string) {
  const config = parse(fs.readFileSync(kubeconfigPath, 'utf8')) as Kubeconfig
  const ctx = config.contexts.find((c) => c.name === context)!.context
  const cluster = config.clusters.find((c) => c.name === ctx.cluster)!.cluster
  const token = config.users.find((u) => u.name === ctx.user)!.user.token
  const ca = Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8')
  const agent = new Agent({ keepAlive: true, ca })
  const get = (pathAndQuery: string) =>
    new Promise<{ body: { items?: unknown[]; metadata?: { continue?: string } }; bytes: number }>(
      (resolve, reject) => {
        const req = request(new URL(pathAndQuery, cluster.server), {
          agent,
          headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
        })
        req.on('error', reject)
        req.on('response', (res) => {
          const chunks: Buffer[] = []
          res.on('data', (d: Buffer) => chunks.push(d))
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8')
            if (res.statusCode !== 200)
              return reject(new Error(`GET ${pathAndQuery}: ${res.statusCode} ${text}`))
            resolve({ body: JSON.parse(text), bytes: text.length })
          })
        })
        req.end()
      },
    )
  return { get, close: () => agent.destroy() }
}

/** The four lists Meshpane's Istio adapter reads for one cluster's mesh. */
export const ISTIO_LISTS = [
  '/apis/networking.istio.io/v1/virtualservices',
  '/apis/networking.istio.io/v1/destinationrules',
  '/api/v1/services',
  '/api/v1/pods',
]

/** Every page of a list (`limit` per page): items, pages and bytes. */
export async function listAll(
  get: ReturnType<typeof kubeGetter>['get'],
  listPath: string,
  limit = 500,
) {
  let items = 0
  let pages = 0
  let bytes = 0
  let token: string | undefined
  do {
    const query = `limit=${limit}${token ? `&continue=${encodeURIComponent(token)}` : ''}`
    const page = await get(`${listPath}?${query}`)
    items += page.body.items?.length ?? 0
    bytes += page.bytes
    pages++
    token = page.body.metadata?.continue || undefined
  } while (token)
  return { items, pages, bytes }
}

/** The four Istio lists of one cluster fetched in parallel, paginated: wall time and what came back. */
export async function rawIstioLists(get: ReturnType<typeof kubeGetter>['get'], limit = 500) {
  const started = performance.now()
  const lists = await Promise.all(ISTIO_LISTS.map((p) => listAll(get, p, limit)))
  return { ms: performance.now() - started, lists }
}

export const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}
