import 'server-only'
import http from 'node:http'
import https from 'node:https'
import type { KubeConfig } from '@kubernetes/client-node'
import { statusError, transportError } from './kube-errors'

export type PatchType = 'json' | 'merge'

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
}

export type KubeRequest = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Path under the server URL, e.g. `/apis/networking.istio.io/v1/virtualservices`. */
  path: string
  query?: Record<string, string | undefined>
  body?: unknown
  contentType?: string
  signal: AbortSignal
}

type List<T> = { items?: T[]; metadata?: { continue?: string } }

/**
 * A small REST client for one kubeconfig context. Authentication and TLS come from client-node's
 * KubeConfig (tokens, client certs, exec plugins, CA data), so it connects the way kubectl does;
 * every request has its own deadline so a hanging server cannot hold a caller past `timeoutMs`.
 */
export class KubeClient {
  constructor(
    private readonly kc: KubeConfig,
    readonly context: string,
    readonly server: string,
    readonly timeoutMs: number,
  ) {}

  get<T>(path: string, signal: AbortSignal, query?: KubeRequest['query']): Promise<T> {
    return this.request<T>({ path, signal, query })
  }

  /** Every item of a list, following `continue` tokens page by page. */
  async list<T>(path: string, signal: AbortSignal, labelSelector?: string): Promise<T[]> {
    const items: T[] = []
    let token: string | undefined
    do {
      const page: List<T> = await this.get<List<T>>(path, signal, {
        labelSelector,
        limit: '500',
        continue: token,
      })
      items.push(...(page.items ?? []))
      token = page.metadata?.continue || undefined
    } while (token)
    return items
  }

  patch<T>(path: string, type: PatchType, patch: unknown, signal: AbortSignal): Promise<T> {
    return this.request<T>({
      method: 'PATCH',
      path,
      body: patch,
      contentType: PATCH_CONTENT_TYPES[type],
      signal,
    })
  }

  private pooled?: { key: string; agent: https.Agent }

  /**
   * client-node builds a fresh agent per call, so every request would pay a TLS handshake; keep one
   * keep-alive agent per TLS identity instead (a rotated client certificate gets a new one).
   * Proxied clusters keep client-node's proxy agent.
   */
  private keepAliveAgent(o: https.RequestOptions): https.Agent | undefined {
    if (this.kc.getCurrentCluster()?.proxyUrl) return o.agent as https.Agent | undefined
    const tls = {
      ca: o.ca,
      cert: o.cert,
      key: o.key,
      pfx: o.pfx,
      passphrase: o.passphrase,
      rejectUnauthorized: o.rejectUnauthorized,
      servername: o.servername,
    }
    const key = JSON.stringify(tls)
    if (this.pooled?.key !== key) {
      this.pooled?.agent.destroy()
      this.pooled = { key, agent: new https.Agent({ ...tls, keepAlive: true, maxSockets: 16 }) }
    }
    return this.pooled.agent
  }

  async request<T>(req: KubeRequest): Promise<T> {
    const signal = AbortSignal.any([req.signal, AbortSignal.timeout(this.timeoutMs)])
    const url = new URL(this.server.replace(/\/+$/, '') + req.path)
    for (const [k, v] of Object.entries(req.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, v)
    const body = req.body === undefined ? undefined : JSON.stringify(req.body)
    const options: https.RequestOptions = {
      method: req.method ?? 'GET',
      headers: {
        Accept: 'application/json',
        ...(body !== undefined && { 'Content-Type': req.contentType ?? 'application/json' }),
      },
    }
    try {
      await this.kc.applyToHTTPSOptions(options)
    } catch (err) {
      throw transportError(err, signal, this.context, this.timeoutMs)
    }
    const plain = url.protocol === 'http:'
    options.agent = plain ? undefined : this.keepAliveAgent(options) // client-node's agent is TLS-only
    const send = plain ? http.request : https.request
    return new Promise<T>((resolve, reject) => {
      const fail = (err: unknown) =>
        reject(transportError(err, signal, this.context, this.timeoutMs))
      const request = send(url, { ...options, signal }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('error', fail)
        res.on('aborted', () => fail(new Error('response aborted')))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          const code = res.statusCode ?? 0
          if (code < 200 || code >= 300) return reject(statusError(code, text, this.context))
          try {
            resolve(JSON.parse(text) as T)
          } catch {
            fail(new Error(`answer is not JSON: ${text.slice(0, 100)}`))
          }
        })
      })
      request.on('error', fail)
      request.end(body)
    })
  }
}
