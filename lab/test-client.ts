// A minimal HTTPS client for the lab's own tests: raw requests and watch streams, trusting the lab CA.
import { request } from 'node:https'
import type { IncomingMessage } from 'node:http'
import type { Lab } from './lab'

export interface KubeResponse {
  status: number
  headers: IncomingMessage['headers']
  body: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke at arbitrary JSON
  json: any
}

export interface RequestOptions {
  body?: unknown
  contentType?: string
  token?: string | null // null sends no Authorization header
  accept?: string
  userAgent?: string
  timeoutMs?: number
}

export function kubeClient(lab: Lab, cluster: string) {
  const c = lab.clusters[cluster]!
  const open = (method: string, path: string, o: RequestOptions) => {
    const token = o.token === undefined ? c.token : o.token
    const body =
      o.body === undefined
        ? undefined
        : typeof o.body === 'string'
          ? o.body
          : JSON.stringify(o.body)
    const req = request(new URL(path, c.server), {
      method,
      ca: lab.caCert,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'Content-Type': o.contentType ?? 'application/json' } : {}),
        Accept: o.accept ?? 'application/json',
        ...(o.userAgent ? { 'User-Agent': o.userAgent } : {}),
      },
      timeout: o.timeoutMs,
    })
    req.on('timeout', () => req.destroy(new Error('client timeout')))
    req.end(body)
    return req
  }

  const call = (method: string, path: string, o: RequestOptions = {}) =>
    new Promise<KubeResponse>((resolve, reject) => {
      const req = open(method, path, o)
      req.on('error', reject)
      req.on('response', (res) => {
        const chunks: Buffer[] = []
        res.on('data', (d: Buffer) => chunks.push(d))
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8')
          let json: unknown
          try {
            json = JSON.parse(body)
          } catch {
            json = undefined
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json })
        })
      })
    })

  /** Opens a watch; `lines` fills as events arrive (raw text, to check the trailing newlines). */
  const watch = (path: string) => {
    const raw: string[] = []
    let ended = false
    const req = open('GET', path, {})
    req.on('error', () => undefined)
    req.on('response', (res) => {
      res.setEncoding('utf8')
      res.on('data', (d: string) => raw.push(d))
      res.on('close', () => (ended = true))
    })
    return {
      text: () => raw.join(''),
      events: () =>
        raw
          .join('')
          .split('\n')
          .filter((l) => l !== '')
          .map(
            (l) =>
              JSON.parse(l) as {
                type: string
                object: { metadata: { name?: string; resourceVersion?: string } } & Record<
                  string,
                  unknown
                >
              },
          ),
      ended: () => ended,
      close: () => req.destroy(),
    }
  }

  return { call, watch, server: c.server, token: c.token }
}

/** Polls until `check` returns a truthy value (no sleeps as synchronisation). */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 5000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    let last: unknown
    try {
      const value = await check()
      if (value) return value as NonNullable<T>
    } catch (e) {
      last = e
    }
    if (Date.now() > deadline) throw last ?? new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 25))
  }
}
