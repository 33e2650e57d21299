import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import type { ChangeList, MeshList, ServiceList, SourceList, TrafficSplit } from '@/lib/schemas'
import { freePort } from '@/server/fixtures/free-port'
import { startLabProcess, type LabProcess } from '@/server/fixtures/lab-process'
import { startMeshpane, type MeshpaneProcess } from '@/server/fixtures/meshpane-process'
import {
  IN_CLUSTER_SCENARIO,
  serviceAccountDir,
  serviceAccountToken,
  type ServiceAccountDir,
} from '@/server/fixtures/service-account'

// The standalone server (npm start) as a pod runs it: in its cluster (a lab cluster, reached with
// the service account's folder and the variables the kubelet sets), beside a mounted kubeconfig.
test.describe.configure({ mode: 'serial' })

let lab: LabProcess
let account: ServiceAccountDir
let data: string
let configPath: string
let env: Record<string, string>
let app: MeshpaneProcess | undefined

const start = async () => (app = await startMeshpane(await freePort(), configPath, env))
const get = (path: string, init?: RequestInit) => fetch(`${app!.url}${path}`, init)

/** A GET with the Host header the kubelet sends to a pod (its IP and port), which fetch cannot set. */
const probe = (path: string, host: string) =>
  new Promise<number>((resolve, reject) => {
    const url = new URL(app!.url)
    httpRequest({ host: url.hostname, port: url.port, path, headers: { Host: host } }, (res) => {
      res.resume()
      resolve(res.statusCode!)
    })
      .on('error', reject)
      .end()
  })

test.beforeAll(async () => {
  lab = await startLabProcess({ scenarioPath: IN_CLUSTER_SCENARIO })
  account = serviceAccountDir(path.join(lab.dir, 'ca.crt'), serviceAccountToken())
  data = mkdtempSync(path.join(os.tmpdir(), 'meshpane-data-'))
  configPath = path.join(lab.dir, 'meshpane-in-cluster.json')
  writeFileSync(
    configPath,
    JSON.stringify({
      kubeconfig: 'meshpane.kubeconfig',
      inCluster: { serviceAccountDir: account.dir },
      storage: { dir: data },
      sourceTimeoutMs: 10_000, // the slow fault's 1.5 s per request, and a loaded machine
    }),
  )
  const home = new URL(lab.info.clusters.home!.server)
  env = { KUBERNETES_SERVICE_HOST: home.hostname, KUBERNETES_SERVICE_PORT: home.port }
  await start()
})

test.afterAll(async () => {
  await app?.stop()
  await lab?.stop()
  account?.remove()
  rmSync(data, { recursive: true, force: true })
})

test('in its cluster, the cluster is a source beside the kubeconfig, and the probes answer', async () => {
  const sources: SourceList = await (await get('/api/v1/sources')).json()
  expect(sources.items.map((s) => [s.name, s.status])).toEqual([
    ['in-cluster', 'ok'],
    ['home', 'ok'],
  ])
  expect(await (await get('/healthz')).json()).toEqual({ status: 'ok' })
  const ready = await get('/readyz')
  expect(ready.status).toBe(200)
  expect(await ready.json()).toEqual({
    status: 'ready',
    checks: { config: 'ok', database: 'ok', shuttingDown: false },
  })
  // The kubelet names the pod IP as Host; any other name is still refused.
  const port = new URL(app!.url).port
  expect(await probe('/readyz', `10.244.0.7:${port}`)).toBe(200)
  expect(await probe('/metrics', `10.244.0.7:${port}`)).toBe(200)
  expect(await probe('/readyz', `attacker.example:${port}`)).toBe(403)
})

test('/metrics has request durations, source latency, cache lookups; logs carry request ids and no token', async () => {
  for (let i = 0; i < 2; i++)
    await get('/api/v1/sources', { headers: { 'X-Request-Id': `sources-${i}` } })
  const answer = await get('/metrics')
  expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
  const text = await answer.text()
  expect(text).toMatch(
    /meshpane_http_request_duration_seconds_count\{route="\/api\/v1\/sources",method="GET",status="200"\} [1-9]/,
  )
  expect(text).toMatch(
    /meshpane_source_request_duration_seconds_count\{source="in-cluster",kind="kubernetes"\} [1-9]/,
  )
  expect(text).toMatch(/meshpane_cache_lookups_total\{cache="source-probes",result="hit"\} [1-9]/)
  expect(text).toMatch(/# TYPE meshpane_writes_total counter/)

  const lines = app!
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
  const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>)
  expect(logged).toContainEqual(
    expect.objectContaining({
      event: 'request',
      requestId: 'sources-1',
      route: '/api/v1/sources',
      status: 200,
    }),
  )
  expect(app!.output()).not.toContain(serviceAccountToken())
})

test('/metrics counts the open event streams and the process memory; a stream whose reader left is let go', async () => {
  const streams = async () =>
    Number(/^meshpane_event_streams (\d+)$/m.exec(await (await get('/metrics')).text())?.[1])
  const reader = new AbortController()
  const stream = await get('/api/v1/events', { signal: reader.signal })
  expect(stream.headers.get('content-type')).toBe('text/event-stream')
  await expect.poll(streams).toBe(1)
  reader.abort()
  await expect.poll(streams).toBe(0)
  expect(await (await get('/metrics')).text()).toMatch(/^process_resident_memory_bytes \d/m)
})

test('SIGTERM during a write lets it finish and record it, then closes the database', async () => {
  const meshes: MeshList = await (await get('/api/v1/meshes')).json()
  const mesh = meshes.items.find((m) => m.source.name === 'in-cluster')!
  const services: ServiceList = await (await get(`/api/v1/meshes/${mesh.id}/services`)).json()
  const reviews = services.items.find((s) => s.name === 'reviews')!
  const split: TrafficSplit = await (await get(`/api/v1/services/${reviews.id}/split`)).json()

  await lab.control.setFault('home', 'slow') // every request to the cluster takes 1.5 s more
  const before = (await lab.control.requests()).home!
  const writing = get(`/api/v1/services/${reviews.id}/split`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'write-during-sigterm' },
    body: JSON.stringify({
      revision: split.revision,
      backends: [
        { name: 'v1', weight: 50 },
        { name: 'v2', weight: 50 },
      ],
    }),
  })
  // The write is under way once the cluster has received its first request.
  await expect.poll(async () => (await lab.control.requests()).home! > before).toBe(true)
  const stopped = app!.stop()

  const answer = await writing
  expect(answer.status).toBe(200)
  expect(await answer.json()).toMatchObject({ outcome: 'applied' })
  expect(await stopped).toBe(0)
  const logged = app!.output()
  expect(logged).toMatch(/"event":"shutdown","signal":"SIGTERM","writesInFlight":1/)
  expect(logged).toMatch(/"event":"stopped","signal":"SIGTERM","writesUnfinished":0/)
  expect(existsSync(path.join(data, 'meshpane.lock'))).toBe(false) // the database was closed

  await lab.control.setFault('home', 'none')
  await start()
  const changes: ChangeList = await (await get('/api/v1/changes?limit=1')).json()
  expect(changes.items[0]).toMatchObject({
    requestId: 'write-during-sigterm',
    outcome: 'applied',
    source: 'in-cluster',
    identity: 'service account meshpane/meshpane',
    after: {
      backends: [
        { name: 'v1', weight: 50 },
        { name: 'v2', weight: 50 },
      ],
    },
  })
})
