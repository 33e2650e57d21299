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
    if (plain) delete options.agent // the agent client-node builds is TLS-only
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
