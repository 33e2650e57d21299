// The lab control API (plain HTTP on 127.0.0.1): fault knobs now, traffic and metrics endpoints later.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { FAULT_MODES, type FaultMode, type KubeCluster } from './kube/server'

export interface ControlRoute {
  method: string
  path: RegExp // matched against the URL path; groups are passed to the handler
  handle(params: string[], body: unknown): Promise<{ status: number; body: unknown }>
}

function reply(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  })
  res.end(text)
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  return text.trim() ? JSON.parse(text) : undefined
}

export function faultRoutes(clusters: Map<string, KubeCluster>): ControlRoute[] {
  const faults = () => Object.fromEntries([...clusters].map(([n, c]) => [n, c.faultMode]))
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

export async function startControl(routes: ControlRoute[], port = 0): Promise<Server> {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://lab').pathname
    for (const route of routes) {
      const m = req.method === route.method && path.match(route.path)
      if (!m) continue
      try {
        const body = await readJson(req)
        const out = await route.handle(m.slice(1).map(decodeURIComponent), body)
        return reply(res, out.status, out.body)
      } catch (e) {
        return reply(res, 400, { error: (e as Error).message })
      }
    }
    reply(res, 404, { error: `no control endpoint ${req.method} ${path}` })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return server
}
