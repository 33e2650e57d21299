// Meshpane over a fleet (issue 14): the production build against the fleet lab (lab/fleet-scale.ts,
// default 50 clusters × 200 Istio services = 10,000), then against one cluster of 2,000 services.
// Prints, in one run: the cold start until every source is synced; warm p50/p95 of the lists
// (sources, meshes, a mesh's services, the fleet-wide search) and the same lists straight from the
// lab (the raw baseline, as a ratio); requests per minute per cluster with 0, 1 and 10 open pages;
// the server's RSS; and in chromium, the time until the overview, the all-services page and a mesh
// page show their data, with their DOM size.
// Run: npm run build && npm run bench:fleet -- [clusters=50] [services=200] [big=2000] [runs=30]
import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type Page } from '@playwright/test'
import { freePort } from '@/server/fixtures/free-port'
import { startMeshpane, type MeshpaneProcess } from '@/server/fixtures/meshpane-process'
import {
  kubeGetter,
  percentile,
  rawIstioLists,
  startFleetLab,
  type FleetLab,
} from './fleet-lab-process'

const clusters = Number(process.argv[2] ?? 50)
const services = Number(process.argv[3] ?? 200)
const big = Number(process.argv[4] ?? 2000)
const runs = Number(process.argv[5] ?? 30)
/** How long each load window lasts when counting the clusters' requests per minute. */
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 60_000)

const ms = (x: number) => `${x.toFixed(0)} ms`
const wait = (t: number) => new Promise((r) => setTimeout(r, t))

type Json = Record<string, unknown> & { items?: unknown[]; errors?: unknown[]; total?: number }

async function get(base: string, pathAndQuery: string): Promise<Json> {
  const res = await fetch(base + pathAndQuery)
  if (!res.ok) throw new Error(`GET ${pathAndQuery}: ${res.status} ${await res.text()}`)
  return (await res.json()) as Json
}

async function timedRuns(work: () => Promise<unknown>) {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await work()
    times.push(performance.now() - started)
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) }
}

/** The server's JS heap in use, from its /metrics (prom-client's defaults), in MB. */
async function heapUsedMb(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text()
  const used = /^nodejs_heap_size_used_bytes (\S+)$/m.exec(text)?.[1]
  return Number(used ?? 0) / 1048576
}

/** The largest resident set in the server's process group (the Next server), in MB. */
function serverRssMb(groupLeader: number): number {
  let largest = 0
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2])
      if (pgrp !== groupLeader) continue
      const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8')
      largest = Math.max(largest, Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) / 1024)
    } catch {
      // the process ended while we looked
    }
  }
  return largest
}

/** The production build against `lab`, once it is ready (its audit database open, /readyz 200). */
async function startAgainst(lab: FleetLab): Promise<MeshpaneProcess> {
  // The fleet's first listing asks 50 clusters at once on two cores: give it room.
  const config = JSON.parse(fs.readFileSync(lab.configPath, 'utf8')) as Record<string, unknown>
  const configPath = path.join(lab.dir, 'meshpane-bench.json')
  fs.writeFileSync(configPath, JSON.stringify({ ...config, sourceTimeoutMs: 10_000 }))
  const ready = async () => {
    const app = await startMeshpane(await freePort(), configPath)
    while ((await fetch(`${app.url}/readyz`).catch(() => undefined))?.status !== 200)
      await wait(100)
    return app
  }
  // The first start creates the audit database (PostgreSQL's initdb, in the process): measured
  // is a restart, as a deployed Meshpane runs.
  await (await ready()).stop()
  const app = await ready()
  console.log(
    `server ready (audit database open): RSS ${serverRssMb(app.pid).toFixed(0)} MB, JS heap in use ${(await heapUsedMb(app.url)).toFixed(0)} MB`,
  )
  return app
}

/** From the first request until the fleet-wide list holds every service with no source failing. */
async function coldStart(base: string, expected: number) {
  const started = performance.now()
  for (;;) {
    const page = await get(base, '/api/v1/services?limit=1').catch(() => undefined)
    if (page && page.errors?.length === 0 && page.total === expected)
      return performance.now() - started
    await wait(200)
  }
}

/** Requests per minute each cluster received over one window: all, watches (re)opened, probes, lists. */
async function clusterLoad(lab: FleetLab, label: string) {
  await lab.resetRequestCounts()
  await wait(WINDOW_MS)
  const counts = Object.values(await lab.requestCounts())
  const perMinute = (of: (c: (typeof counts)[number]) => number) =>
    counts.map((c) => (of(c) * 60_000) / WINDOW_MS)
  const mean = (xs: number[]) => (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1)
  const total = perMinute((c) => c.total)
  const podLists = counts.reduce((n, c) => n + c.clusterWidePodLists, 0)
  console.log(
    `  ${label}: ${mean(total)} requests/min per cluster (max ${Math.max(...total).toFixed(1)}): watches ${mean(perMinute((c) => c.byVerb.watch ?? 0))} (open: ${mean(counts.map((c) => c.watchesOpen))}, each resumed about once a minute), probes ${mean(perMinute((c) => c.byVerb.discovery ?? 0))}, lists ${mean(perMinute((c) => c.byVerb.list ?? 0))}; lists of every pod: ${podLists}`,
  )
}

/** Navigates and waits until `ready` is visible: the time, and the page's element count. */
async function shown(page: Page, url: string, ready: (page: Page) => Promise<void>) {
  const started = performance.now()
  await page.goto(url)
  await ready(page)
  const elapsed = performance.now() - started
  const nodes = await page.evaluate(() => document.querySelectorAll('*').length)
  return `${ms(elapsed)}, ${nodes} DOM elements`
}

const tableRow = (name: string) => async (page: Page) =>
  page.getByRole('table', { name }).getByRole('row').nth(1).waitFor({ timeout: 60_000 })

async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  })
}

async function fleet() {
  console.log(`\n## ${clusters} clusters × ${services} Istio services (${clusters * services})`)
  const lab = await startFleetLab({ clusters, services })
  console.log(`lab ready after ${(lab.readyMs / 1000).toFixed(1)} s`)
  // The cold baseline: every cluster's four lists at once, straight from the lab.
  const getters = lab.clusters.map((c) => kubeGetter(lab.meshpaneKubeconfigPath, c))
  const started = performance.now()
  const each = await Promise.all(getters.map((k) => rawIstioLists(k.get)))
  const rawAll = performance.now() - started
  getters.forEach((k) => k.close())
  const slowest = Math.max(...each.map((r) => r.ms))
  const app = await startAgainst(lab)
  const browser = await launch()
  try {
    const cold = await coldStart(app.url, clusters * services)
    console.log(
      `cold start until every source is synced: ${ms(cold)} (raw: every cluster's lists at once ${ms(rawAll)}, the slowest cluster's ${ms(slowest)}; ratio ${(cold / rawAll).toFixed(2)})`,
    )
    const meshes = (await get(app.url, '/api/v1/meshes')).items as {
      id: string
      source: { name: string }
    }[]
    const cluster = lab.clusters[Math.floor(lab.clusters.length / 2)]!
    const mesh = meshes.find((m) => m.source.name === cluster)!
    const kube = kubeGetter(lab.meshpaneKubeconfigPath, cluster)
    const raw = await timedRuns(() => rawIstioLists(kube.get))
    kube.close()
    console.log(`warm, ${runs} runs each (p50 / p95):`)
    const line = (what: string, t: { p50: number; p95: number }, ratio = '') =>
      console.log(`  ${what}: ${ms(t.p50)} / ${ms(t.p95)}${ratio}`)
    line('GET /sources', await timedRuns(() => get(app.url, '/api/v1/sources')))
    line('GET /meshes', await timedRuns(() => get(app.url, '/api/v1/meshes')))
    const own = await timedRuns(() => get(app.url, `/api/v1/meshes/${mesh.id}/services`))
    line(
      `GET /meshes/{${cluster}}/services`,
      own,
      ` (raw lists ${ms(raw.p50)} / ${ms(raw.p95)}: ratio ${(own.p50 / raw.p50).toFixed(2)} / ${(own.p95 / raw.p95).toFixed(2)})`,
    )
    line(
      'GET /services?q=svc-1&limit=50 (fleet-wide search)',
      await timedRuns(() => get(app.url, '/api/v1/services?q=svc-1&limit=50')),
    )
    line('GET /services?limit=50', await timedRuns(() => get(app.url, '/api/v1/services?limit=50')))
    console.log(
      `server after the warm runs: RSS ${serverRssMb(app.pid).toFixed(0)} MB, JS heap in use ${(await heapUsedMb(app.url)).toFixed(0)} MB`,
    )

    console.log(`requests the clusters receive (each window ${WINDOW_MS / 1000} s):`)
    await clusterLoad(lab, '0 open pages')
    const context = await browser.newContext({ baseURL: app.url })
    const first = await context.newPage()
    console.log(
      `  overview in chromium, first load: ${await shown(first, '/', tableRow('Meshes'))}`,
    )
    console.log(`  and loaded again: ${await shown(first, '/', tableRow('Meshes'))}`)
    await clusterLoad(lab, '1 open page (overview)')
    const pages = [first]
    for (let i = 1; i < 10; i++) {
      const page = await context.newPage()
      await page.goto('/')
      await tableRow('Meshes')(page)
      pages.push(page)
    }
    await clusterLoad(lab, '10 open pages (overview)')
    const probe = await context.newPage()
    console.log(`all-services page: ${await shown(probe, '/services', tableRow('Services'))}`)
    console.log(
      `a mesh page (${services} services): ${await shown(probe, `/meshes/${mesh.id}`, tableRow('Services'))}`,
    )
    await context.close()
    console.log(
      `server at the end: RSS ${serverRssMb(app.pid).toFixed(0)} MB, JS heap in use ${(await heapUsedMb(app.url)).toFixed(0)} MB`,
    )
  } finally {
    await browser.close()
    await app.stop()
    await lab.stop()
  }
}

async function bigMesh() {
  console.log(`\n## 1 cluster × ${big} Istio services`)
  const lab = await startFleetLab({ clusters: 1, services: big })
  const app = await startAgainst(lab)
  const browser = await launch()
  try {
    console.log(`cold start until synced: ${ms(await coldStart(app.url, big))}`)
    const [mesh] = (await get(app.url, '/api/v1/meshes')).items as { id: string }[]
    const kube = kubeGetter(lab.meshpaneKubeconfigPath, lab.clusters[0]!)
    const raw = await timedRuns(() => rawIstioLists(kube.get))
    kube.close()
    const own = await timedRuns(() => get(app.url, `/api/v1/meshes/${mesh!.id}/services`))
    console.log(
      `warm GET /meshes/{id}/services, ${runs} runs: ${ms(own.p50)} / ${ms(own.p95)} (raw lists ${ms(raw.p50)} / ${ms(raw.p95)}: ratio ${(own.p50 / raw.p50).toFixed(2)} / ${(own.p95 / raw.p95).toFixed(2)})`,
    )
    const page = await (await browser.newContext({ baseURL: app.url })).newPage()
    console.log(
      `its mesh page in chromium: ${await shown(page, `/meshes/${mesh!.id}`, tableRow('Services'))}`,
    )
    console.log(
      `server: RSS ${serverRssMb(app.pid).toFixed(0)} MB, JS heap in use ${(await heapUsedMb(app.url)).toFixed(0)} MB`,
    )
  } finally {
    await browser.close()
    await app.stop()
    await lab.stop()
  }
}

async function main() {
  await fleet()
  if (big > 0) await bigMesh()
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
