// The lab control API (plain HTTP on 127.0.0.1): fault knobs now, traffic and metrics endpoints later.
import { createServer, type Server } from 'node:http'
import { readBody, sendJson } from './kube/http'
import { FAULT_MODES, type FaultMode, type KubeCluster } from './kube/server'

export interface ControlRoute {
  method: string
  path: RegExp // matched against the URL path; groups are passed to the handler
  handle(params: string[], body: unknown): Promise<{ status: number; body: unknown }>
}

const perCluster = (clusters: Map<string, KubeCluster>, of: (c: KubeCluster) => unknown) =>
  Object.fromEntries([...clusters].map(([name, c]) => [name, of(c)]))

export function faultRoutes(clusters: Map<string, KubeCluster>): ControlRoute[] {
  const faults = () => perCluster(clusters, (c) => c.faultMode)
  return [
    { method: 'GET', path: /^\/faults$/, handle: async () => ({ status: 200, body: faults() }) },
    {
      method: 'PUT',
      path: /^\/faults\/([^/]+)$/,
      handle: async ([name], body) => {
        const cluster = clusters.get(name!)
        if (!cluster) return { status: 404, body: { error: `no cluster named "${name}"` } }
        const mode = (body as { mode?: string } | undefined)?.mode
        if (!FAULT_MODES.includes(mode as FaultMode))
          return { status: 400, body: { error: `mode must be one of ${FAULT_MODES.join(', ')}` } }
        await cluster.setFault(mode as FaultMode)
        return { status: 200, body: faults() }
      },
    },
  ]
}

/**
 * Counts per cluster: open connections (idle keep-alive ones included), so tests can see a cluster
 * close its idle ones, and requests received, so tests can prove a call sent none.
 */
export function countRoutes(clusters: Map<string, KubeCluster>): ControlRoute[] {
  const count = (path: RegExp, of: (c: KubeCluster) => number): ControlRoute => ({
    method: 'GET',
    path,
    handle: async () => ({ status: 200, body: perCluster(clusters, of) }),
  })
  return [
    count(/^\/connections$/, (c) => c.connections),
    count(/^\/requests$/, (c) => c.requestCount),
  ]
}

/**
 * What each cluster has been asked since counting started, by verb and resource
 * (`RequestCountsSnapshot`), and the watches open now; DELETE starts counting afresh. Also per
 * cluster: `/request-counts/<cluster>`.
 */
export function requestCountRoutes(clusters: Map<string, KubeCluster>): ControlRoute[] {
  const all = () => perCluster(clusters, (c) => c.requestCounts.snapshot())
  const one = (name: string, of: (c: KubeCluster) => unknown) => {
    const cluster = clusters.get(name)
    if (!cluster) return { status: 404, body: { error: `no cluster named "${name}"` } }
    return { status: 200, body: of(cluster) }
  }
  return [
    {
      method: 'GET',
      path: /^\/request-counts$/,
      handle: async () => ({ status: 200, body: all() }),
    },
    {
      method: 'DELETE',
      path: /^\/request-counts$/,
      handle: async () => {
        for (const c of clusters.values()) c.requestCounts.reset()
        return { status: 200, body: all() }
      },
    },
    {
      method: 'GET',
      path: /^\/request-counts\/([^/]+)$/,
      handle: async ([name]) => one(name!, (c) => c.requestCounts.snapshot()),
    },
    {
      method: 'DELETE',
      path: /^\/request-counts\/([^/]+)$/,
      handle: async ([name]) =>
        one(name!, (c) => {
          c.requestCounts.reset()
          return c.requestCounts.snapshot()
        }),
    },
  ]
}

export async function startControl(routes: ControlRoute[], port = 0): Promise<Server> {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://lab').pathname
    for (const route of routes) {
      const m = req.method === route.method && path.match(route.path)
      if (!m) continue
      try {
        const text = await readBody(req)
        const body: unknown = text.trim() ? JSON.parse(text) : undefined
        const out = await route.handle(m.slice(1).map(decodeURIComponent), body)
        return sendJson(res, out.status, out.body)
      } catch (e) {
        return sendJson(res, 400, { error: (e as Error).message })
      }
    }
    sendJson(res, 404, { error: `no control endpoint ${req.method} ${path}` })
  })
  // Test equipment, called now and then by a test that may pause for seconds between calls: keep
  // idle connections longer than clients keep them, so a client never reuses one being closed.
  server.keepAliveTimeout = 60_000
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return server
}
