import 'server-only'
import http from 'node:http'
import https from 'node:https'
import type { KubeConfig } from '@kubernetes/client-node'
import { SourceUnavailableError } from '@/server/errors'
import { parseErrorMessage } from '@/server/redact'
import { timedSourceCall } from '@/server/telemetry/source-calls'
import packageJson from '@/package.json'
import { ClusterCache } from './cluster-cache'
import { exchange, type Answer } from './http-exchange'
import { NoAnswerError, streamLines } from './http-stream'
import { statusError, transportError } from './kube-errors'
import { ListAccess } from './list-access'

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

/** Who is asking, in the clusters' audit logs (User-Agent) and in managedFields (fieldManager). */
const USER_AGENT = `meshpane/${packageJson.version}`
const FIELD_MANAGER = 'meshpane'
/** Object writes: their options name a field manager (DeleteOptions has none). */
const OBJECT_WRITES: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH'])

/**
 * Pooled connections idle this long are closed by us, before the idle timeouts of servers and load
 * balancers (Node's 5 s, many balancers' 60 s) could close one just as we reuse it. Node's agent
 * applies `timeout` only to sockets in its free pool: a slow answer is not cut.
 */
const IDLE_CONNECTION_MS = 4000
const POOL = { keepAlive: true, maxSockets: 16, timeout: IDLE_CONNECTION_MS }

type List<T> = {
  kind?: string
  items?: T[]
  metadata?: { continue?: string; resourceVersion?: string }
}

const NAMESPACES = '/api/v1/namespaces'
/** A list of a namespaced kind across the cluster (`/api/v1/pods`, `/apis/<group>/<version>/<kind>`). */
const CLUSTER_WIDE_LIST = /^\/(api\/v1|apis\/[^/]+\/[^/]+)\/(?!namespaces$)[a-z0-9.-]+$/
const resourceOfList = (path: string) => path.slice(path.lastIndexOf('/') + 1)
const isForbidden = (err: unknown) =>
  err instanceof SourceUnavailableError && err.status === 'forbidden'

/** The person a request acts for: the cluster authorises it as them (kube's impersonation). */
export type Impersonation = { user: string; groups: readonly string[] }

/** Keep-alive pools, shared by a context's client and its impersonating views. */
type Pools = { plain?: http.Agent; tls?: { key: string; agent: https.Agent } }

/** What a context's client and its views share: connections, and the cluster's watch cache. */
type Shared = { pools: Pools; cache?: ClusterCache }

/** One event of a watch stream. */
export type WatchEvent = {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'
  object: { kind?: string; code?: number; message?: string; metadata?: KubeMeta }
}
export type KubeMeta = {
  name?: string
  namespace?: string
  resourceVersion?: string
  labels?: Record<string, string>
}

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
    readonly impersonation?: Impersonation,
    private readonly shared: Shared = { pools: {} },
    /** Set on `cached()`'s view: the client whose lists it answers from the watch cache. */
    private readonly cachedOf?: KubeClient,
  ) {}

  /** This context's client acting as `who` on every request, over the same connections. */
  as(who: Impersonation): KubeClient {
    return new KubeClient(this.kc, this.context, this.server, this.timeoutMs, who, this.shared)
  }

  /**
   * This client with its lists and API discovery answered from memory (the cluster's watch
   * cache, shared by every identity; a person gets what they may list). For listings: the write
   * pipeline reads the object it writes from the cluster itself.
   */
  cached(): KubeClient {
    const { kc, context, server, timeoutMs, impersonation, shared } = this
    return (this.view ??= new KubeClient(
      kc,
      context,
      server,
      timeoutMs,
      impersonation,
      shared,
      this,
    ))
  }

  private view?: KubeClient

  /** The cluster's watch cache, kept by Meshpane's own identity. */
  get cache(): ClusterCache {
    return (this.shared.cache ??= new ClusterCache(
      new KubeClient(this.kc, this.context, this.server, this.timeoutMs, undefined, this.shared),
    ))
  }

  get<T>(path: string, signal: AbortSignal, query?: KubeRequest['query']): Promise<T> {
    if (this.cachedOf && !query && ClusterCache.keeps(path)) return this.cache.get<T>(path, signal)
    return this.request<T>({ path, signal, query })
  }

  /**
   * Every item of a list, following `continue` tokens page by page. A person who may not list
   * across the cluster gets what they may list namespace by namespace (as Kiali does).
   */
  async list<T>(path: string, signal: AbortSignal, labelSelector?: string): Promise<T[]> {
    if (this.cachedOf) return this.listCached<T>(path, signal, labelSelector)
    try {
      const items = await this.listAt<T>(path, signal, labelSelector)
      this.narrowed.delete(resourceOfList(path))
      return items
    } catch (err) {
      if (!this.impersonation || !isForbidden(err) || !CLUSTER_WIDE_LIST.test(path)) throw err
      this.narrowed.add(resourceOfList(path))
      return this.listPerNamespace<T>(path, signal, labelSelector)
    }
  }

  /**
   * The resources (`virtualservices`, `pods`) the person last listed namespace by namespace: what
   * they see of them is partial. Kept on this person's client, so never told to another.
   */
  get narrowed(): Set<string> {
    return this.cachedOf?.narrowed ?? (this.ownNarrowed ??= new Set())
  }

  private ownNarrowed?: Set<string>

  /** What this identity may list, as the cluster's access reviews say (kept on its own client). */
  private get access(): ListAccess {
    const home = this.cachedOf ?? this
    return (home.reviews ??= new ListAccess(home))
  }

  private reviews?: ListAccess

  /** A list from the watch cache: all of it for Meshpane, what they may list for a person. */
  private async listCached<T>(path: string, signal: AbortSignal, labelSelector?: string) {
    const { whole, namespace } = ClusterCache.listOf(path)
    const items = await this.cache.list<T & { metadata?: KubeMeta }>(whole, labelSelector, signal)
    const inNamespace = namespace
      ? items.filter((o) => (o.metadata?.namespace ?? 'default') === namespace)
      : items
    if (!this.impersonation) return inNamespace
    const may = await this.access.scope(whole, namespace, signal)
    return may === 'all'
      ? inNamespace
      : inNamespace.filter((o) => may.has(o.metadata?.namespace ?? ''))
  }

  private async listAt<T>(path: string, signal: AbortSignal, labelSelector?: string) {
    return (await this.listWhole<T>(path, signal, labelSelector)).items
  }

  /** Every page of a list, with the list's kind and resourceVersion (where a watch starts). */
  async listWhole<T>(path: string, signal: AbortSignal, labelSelector?: string) {
    const items: T[] = []
    let token: string | undefined
    let page: List<T>
    do {
      page = await this.request<List<T>>({
        path,
        signal,
        query: { labelSelector, limit: '500', continue: token },
      })
      items.push(...(page.items ?? []))
      token = page.metadata?.continue || undefined
    } while (token)
    return { items, kind: page.kind, resourceVersion: page.metadata?.resourceVersion }
  }

  /** The namespaces come from Meshpane's own identity; what is in each, from the person's. */
  private async listPerNamespace<T>(path: string, signal: AbortSignal, labelSelector?: string) {
    const itself = new KubeClient(
      this.kc,
      this.context,
      this.server,
      this.timeoutMs,
      undefined,
      this.shared,
    )
    const namespaces = await itself.listAt<{ metadata: { name: string } }>(NAMESPACES, signal)
    const lists = await Promise.all(
      namespaces.map(({ metadata }) =>
        this.listAt<T>(
          path.replace(/\/([^/]+)$/, `/namespaces/${metadata.name}/$1`),
          signal,
          labelSelector,
        ).catch((err: unknown) => {
          if (isForbidden(err)) return []
          throw err
        }),
      ),
    )
    return lists.flat()
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

  /**
   * client-node builds a fresh agent per call, so every request would pay a TLS handshake; keep one
   * keep-alive pool per TLS identity instead (a rotated client certificate gets a new one).
   * Proxied clusters keep client-node's proxy agent (a new one per request, never reused).
   */
  private agentFor(url: URL, o: https.RequestOptions): http.Agent | undefined {
    const pools = this.shared.pools
    if (url.protocol === 'http:') return (pools.plain ??= new http.Agent(POOL))
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
    if (pools.tls?.key !== key) {
      pools.tls?.agent.destroy()
      pools.tls = { key, agent: new https.Agent({ ...tls, ...POOL }) }
    }
    return pools.tls.agent
  }

  request<T>(req: KubeRequest): Promise<T> {
    return timedSourceCall(this.context, 'kubernetes', () => this.send<T>(req))
  }

  private async send<T>(req: KubeRequest): Promise<T> {
    const signal = AbortSignal.any([req.signal, AbortSignal.timeout(this.timeoutMs)])
    const body = req.body === undefined ? undefined : JSON.stringify(req.body)
    let answer: Answer
    try {
      const { url, options } = await this.prepare(req, body)
      options.agent = this.agentFor(url, options)
      answer = await exchange(url, { ...options, signal }, body)
    } catch (err) {
      throw transportError(err, signal, this.context, this.timeoutMs)
    }
    if (answer.status < 200 || answer.status >= 300)
      throw statusError(answer.status, answer.text, this.context)
    try {
      return JSON.parse(answer.text) as T
    } catch {
      throw transportError(
        new Error(`answer is not JSON: ${answer.text.slice(0, 100)}`),
        signal,
        this.context,
        this.timeoutMs,
      )
    }
  }

  /**
   * A watch of `path` (`query` holds resourceVersion, labelSelector...): `on.open` once the server
   * accepts it, then each event to `on.event` until the server ends the stream. Watches hold their connection for minutes, so they take
   * connections of their own rather than the request pool's.
   */
  async watch(
    path: string,
    query: KubeRequest['query'],
    signal: AbortSignal,
    on: { open: () => void; event: (event: WatchEvent) => void },
  ): Promise<void> {
    const seconds = Number(query?.timeoutSeconds ?? 60)
    let answer: Answer | undefined
    let refused: unknown // what onEvent threw: the caller's, not a transport failure
    try {
      const { url, options } = await this.prepare({ path, query: { ...query, watch: '1' }, signal })
      delete options.agent
      answer = await streamLines(
        url,
        { ...options, signal },
        { headerMs: this.timeoutMs, idleMs: (seconds + 15) * 1000 },
        {
          open: on.open,
          line: (line) => {
            try {
              on.event(JSON.parse(line) as WatchEvent)
            } catch (err) {
              throw (refused = err)
            }
          },
        },
      )
    } catch (err) {
      if (refused) throw refused
      if (err instanceof NoAnswerError)
        throw new SourceUnavailableError('timeout', this.context, err.message)
      throw transportError(err, signal, this.context, this.timeoutMs)
    }
    if (answer) throw statusError(answer.status, answer.text, this.context)
  }

  /** The URL and options of a request: query, identity headers, and the context's credentials. */
  private async prepare(req: KubeRequest, body?: string) {
    const method = req.method ?? 'GET'
    const url = new URL(this.server.replace(/\/+$/, '') + req.path)
    const query = {
      ...req.query,
      ...(OBJECT_WRITES.has(method) && { fieldManager: FIELD_MANAGER }),
    }
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v)
    const options: https.RequestOptions = {
      method,
      headers: {
        Accept: 'application/json',
        'User-Agent': USER_AGENT,
        ...(body !== undefined && { 'Content-Type': req.contentType ?? 'application/json' }),
        ...(this.impersonation && impersonationHeaders(this.impersonation)),
      },
    }
    await this.kc.applyToHTTPSOptions(options).catch((err: unknown) => {
      // client-node makes an exec plugin's stderr the message, and it may hold secrets.
      throw new Error(
        err instanceof SyntaxError
          ? `the credentials plugin answered ${parseErrorMessage(err)}`
          : "could not get the context's credentials (its exec plugin or token failed)",
      )
    })
    return { url, options }
  }
}

function impersonationHeaders({ user, groups }: Impersonation): http.OutgoingHttpHeaders {
  // Node sends an array as the header repeated, once per group, as kube-apiserver reads it.
  return {
    'Impersonate-User': user,
    ...(groups.length > 0 && { 'Impersonate-Group': [...groups] }),
  }
}
