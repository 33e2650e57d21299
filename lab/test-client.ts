// A minimal HTTPS client for the lab's own tests: raw requests and watch streams, trusting the lab CA;
// and Debian's kubectl.
import { execFile } from 'node:child_process'
import { request } from 'node:https'
import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders } from 'node:http'
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
  headers?: Record<string, string | string[]> // e.g. Impersonate-User, Impersonate-Group (repeated)
}

/** The whole answer to a request, its body parsed when it is JSON. */
function answerOf(req: ClientRequest) {
  return new Promise<KubeResponse>((resolve, reject) => {
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
}

/** One request to any of the lab's HTTPS endpoints, trusting its CA; redirects are not followed. */
export function httpsCall(
  url: string,
  ca: string,
  o: { method?: string; headers?: OutgoingHttpHeaders; body?: string } = {},
) {
  const req = request(url, { method: o.method ?? 'GET', ca, headers: o.headers })
  req.end(o.body)
  return answerOf(req)
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
        ...o.headers,
      },
      timeout: o.timeoutMs,
    })
    req.on('timeout', () => req.destroy(new Error('client timeout')))
    req.end(body)
    return req
  }

  const call = (method: string, path: string, o: RequestOptions = {}) =>
    answerOf(open(method, path, o))

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

/** Debian's kubectl with a lab kubeconfig; a non-zero exit (`auth can-i` saying no) is an answer too. */
export function runKubectl(kubeconfig: string, cacheDir: string, args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(
      '/usr/bin/kubectl',
      ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args],
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    ),
  )
}

/** The `Status` body kube-apiserver answers a failed request with. */
export const failureStatus = (code: number, reason: string, message: string, details?: object) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  ...(details ? { details } : {}),
  code,
})
