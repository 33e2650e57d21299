import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { KubeConfig } from '@kubernetes/client-node'
import { afterEach, describe, expect, it } from 'vitest'
import packageJson from '@/package.json'
import { SourceUnavailableError } from '@/server/errors'
import { KubeClient } from './kube-client'

type Drop = (socket: Socket) => void
const closes: Drop = (s) => s.destroy()
const resets: Drop = (s) => s.resetAndDestroy()

/**
 * A cluster whose connections each answer `perConnection` requests; at the next one the server drops
 * the connection without a byte, as a server does that timed it out just as the client reused it.
 */
async function flakyServer(drop: Drop, perConnection = 1, total = Infinity) {
  const requests: { method: string; url: string; userAgent?: string; connection: number }[] = []
  const served = new Map<Socket, number>()
  const server = http.createServer((req, res) => {
    const count = served.get(req.socket) ?? 0
    requests.push({
      method: req.method!,
      url: req.url!,
      userAgent: req.headers['user-agent'],
      connection: [...served.keys()].indexOf(req.socket),
    })
    if (count >= perConnection || requests.length > total) return drop(req.socket)
    served.set(req.socket, count + 1)
    res.setHeader('Content-Type', 'application/json')
    res.end(JSON.stringify({ kind: 'Status', status: 'Success' }))
  })
  server.on('connection', (s: Socket) => served.set(s, 0))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  stops.push(() => new Promise((resolve) => server.close(() => resolve())))
  const { port } = server.address() as AddressInfo
  return { server, requests, client: clientOf(`http://127.0.0.1:${port}`) }
}

function clientOf(server: string): KubeClient {
  const kc = new KubeConfig()
  kc.loadFromOptions({
    clusters: [{ name: 'flaky', server, skipTLSVerify: true }], // client-node's rule for http:
    users: [{ name: 'flaky', token: 'token' }],
    contexts: [{ name: 'flaky', cluster: 'flaky', user: 'flaky' }],
    currentContext: 'flaky',
  })
  return new KubeClient(kc, 'flaky', server, 3000)
}

const stops: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop()
})

const signal = () => AbortSignal.timeout(5000)

describe('KubeClient on connections the server closes', () => {
  it.each([
    ['closes', closes],
    ['resets', resets],
  ])(
    'sends a GET again on a new connection when the server %s the reused one before answering',
    async (_, drop) => {
      const { client, requests } = await flakyServer(drop)
      await Promise.all([client.get('/version', signal()), client.get('/api', signal())])
      expect(await client.get('/version', signal())).toEqual({ kind: 'Status', status: 'Success' })
      // Two pooled connections, one reused and dropped, then a connection of its own (not the
      // other pooled one, as stale as the first).
      expect(requests.map((r) => r.connection)).toEqual([0, 1, expect.any(Number), 2])
    },
  )

  it('sends a GET again only once, and not when the connection was new', async () => {
    const { client, requests } = await flakyServer(closes, 1, 1)
    await client.get('/version', signal())
    const failed = client.get('/version', signal())
    await expect(failed).rejects.toThrow(SourceUnavailableError)
    await expect(failed).rejects.toThrow(/connection reset|socket hang up/)
    expect(requests).toHaveLength(3)
  })

  it('never sends a PATCH again: the server may have acted on it', async () => {
    const { client, requests } = await flakyServer(resets)
    await client.get('/version', signal())
    const failed = client.patch('/api/v1/namespaces/a', 'merge', {}, signal())
    await expect(failed).rejects.toMatchObject({ status: 'unreachable' })
    expect(requests.map((r) => r.method)).toEqual(['GET', 'PATCH'])
  })

  it('closes an idle pooled connection before a server or balancer that keeps it 60 s does', async () => {
    const { client, server, requests } = await flakyServer(closes)
    server.keepAliveTimeout = 60_000
    const closed = new Promise<number>((resolve) =>
      server.once('connection', (s: Socket) => s.on('close', () => resolve(Date.now()))),
    )
    await client.get('/version', signal())
    const idleSince = Date.now()
    expect((await closed) - idleSince).toBeLessThan(10_000) // ours is 4 s; slack for a busy machine
    await client.get('/version', signal())
    expect(requests.map((r) => r.connection)).toEqual([0, 1])
  })
})

describe('KubeClient says who it is', () => {
  it('sends User-Agent meshpane/<version> on every request, and fieldManager=meshpane on writes', async () => {
    const { client, requests } = await flakyServer(closes, Infinity)
    await client.list('/api/v1/pods', signal(), 'app=reviews')
    await client.patch('/api/v1/namespaces/a/pods/b', 'json', [], signal())
    await client.request({
      method: 'PUT',
      path: '/api/v1/namespaces/a',
      body: {},
      signal: signal(),
    })
    expect(requests.map((r) => [r.method, r.url])).toEqual([
      ['GET', '/api/v1/pods?labelSelector=app%3Dreviews&limit=500'],
      ['PATCH', '/api/v1/namespaces/a/pods/b?fieldManager=meshpane'],
      ['PUT', '/api/v1/namespaces/a?fieldManager=meshpane'],
    ])
    expect(new Set(requests.map((r) => r.userAgent))).toEqual(
      new Set([`meshpane/${packageJson.version}`]),
    )
  })
})
