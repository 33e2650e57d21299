// One simulated cluster: an HTTPS Kubernetes API server on its own 127.0.0.1 port, with a fault knob.
import { createServer, type Server } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { authenticate, type Identity } from './auth'
import { runController } from './controller'
import { apiGroupList, apiResourceList, apiVersions, oneApiGroup } from './discovery'
import * as handlers from './handlers'
import { isDryRun } from './dry-run'
import { readBodyBytes, sendJson, versionInfo } from './http'
import { fieldManagerOf } from './managed-fields'
import { openApiDocument, openApiRoot } from './openapi'
import { parsePath, verbOf, type ResourceRoute } from './paths'
import { RequestCounts } from './request-counts'
import { answerReview } from './rbac/access-reviews'
import { authorize } from './rbac/authorize'
import type { UserInfo } from './rbac/evaluate'
import { impersonate } from './rbac/impersonation'
import { createBootstrapPolicy } from './rbac/policy'
import { RESOURCE_TYPES, subresourcesOf, type ResourceType, type Subresource } from './resources'
import { forbidden, KubeError, methodNotAllowed, pathNotFound } from './status'
import { Store } from './store'
import { ServiceAccountTokens } from './service-account-tokens'
import { serveSubresource } from './subresources'
import { toTable, wantsTable } from './table'
import type { KubeObject } from './types'
import { serveWatch } from './watch'

export const FAULT_MODES = ['none', 'down', 'hanging', 'slow', 'forbidden'] as const
export type FaultMode = (typeof FAULT_MODES)[number]

export const SLOW_MS = 1500
const CRD = RESOURCE_TYPES.find((t) => t.kind === 'CustomResourceDefinition')!

export interface ClusterOptions {
  name: string
  identities: Identity[]
  tls: { key: string; cert: string }
  kubernetesVersion?: string // e.g. v1.32.0
  idleTimeoutMs?: number // keep-alive connections idle this long are closed (default Node's 5 s)
  historyLimit?: number
  bookmarkIntervalMs?: number
}

const VERBS: Record<string, (r: handlers.ResourceRequest) => handlers.Reply> = {
  get: handlers.get,
  list: handlers.list,
  create: handlers.create,
  update: handlers.update,
  patch: handlers.patch,
  delete: handlers.remove,
  deletecollection: handlers.removeCollection,
}

export class KubeCluster {
  readonly store: Store
  private readonly server: Server
  private readonly sockets = new Set<Socket>()
  // Mostly watches; while the cluster hangs, only the requests it holds unanswered.
  private readonly inFlight = new Set<ServerResponse>()
  private fault: FaultMode = 'none'
  private received = 0
  readonly requestCounts = new RequestCounts()
  private stopController: () => void
  private readonly serviceAccounts: ServiceAccountTokens
  port = 0

  constructor(private readonly options: ClusterOptions) {
    this.store = new Store(options.historyLimit)
    createBootstrapPolicy(this.store)
    this.stopController = runController(this.store)
    this.serviceAccounts = new ServiceAccountTokens(this.store)
    this.server = createServer(options.tls, (req, res) => void this.handle(req, res))
    if (options.idleTimeoutMs) this.server.keepAliveTimeout = options.idleTimeoutMs
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s)
      s.on('close', () => this.sockets.delete(s))
    })
  }

  get name() {
    return this.options.name
  }

  get url() {
    return `https://127.0.0.1:${this.port}`
  }

  get faultMode(): FaultMode {
    return this.fault
  }

  /** Connections open now, idle keep-alive ones included. */
  get connections(): number {
    return this.sockets.size
  }

  /** Requests received since start, whatever the fault or answer: tests prove "no request was sent". */
  get requestCount(): number {
    return this.received
  }

  /**
   * Built-in types plus the custom types whose CustomResourceDefinition is installed, at the
   * versions it serves (an Istio before 1.22 serves no v1), preferred first.
   */
  servedTypes(): ResourceType[] {
    return RESOURCE_TYPES.flatMap((t) => {
      if (!t.crd) return [t]
      const crd = this.store.peek(CRD, undefined, `${t.plural}.${t.group}`)
      const listed = (crd?.spec as { versions?: { name: string; served?: boolean }[] } | undefined)
        ?.versions
      const versions = t.versions.filter((v) =>
        listed?.some((l) => l.name === v && l.served !== false),
      )
      return versions.length > 0 ? [{ ...t, versions }] : []
    })
  }

  async listen(port = 0): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject)
        resolve()
      })
    })
    const address = this.server.address()
    if (address && typeof address === 'object') this.port = address.port
  }

  private async close(): Promise<void> {
    if (!this.server.listening) return
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()))
    for (const s of this.sockets) s.destroy()
    await closed
  }

  /** Switches the fault mode; 'down' closes the port, leaving it re-listens on the same port. */
  async setFault(mode: FaultMode): Promise<void> {
    const previous = this.fault
    this.fault = mode
    // Leaving 'hanging' drops the requests it held. Open watches would otherwise keep streaming
    // from a cluster that now hangs or forbids; idle keep-alive connections stay, so a client's
    // next request hangs or is refused, not reset.
    if (
      previous === 'hanging' ||
      (mode !== previous && (mode === 'hanging' || mode === 'forbidden'))
    )
      for (const res of this.inFlight) res.destroy()
    if (mode === 'down') await this.close()
    else if (!this.server.listening) await this.listen(this.port)
  }

  async stop(): Promise<void> {
    this.stopController()
    await this.close()
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    this.received++
    this.requestCounts.record(req, res)
    this.inFlight.add(res)
    res.on('close', () => this.inFlight.delete(res))
    if (this.fault === 'hanging') return
    if (this.fault === 'slow') await new Promise((r) => setTimeout(r, SLOW_MS))
    try {
      if (this.fault === 'forbidden')
        throw forbidden(`forbidden: cluster "${this.name}" refuses every request (lab fault)`)
      await this.route(req, res)
    } catch (e) {
      const err =
        e instanceof KubeError
          ? e
          : new KubeError(500, 'InternalError', `Internal error occurred: ${(e as Error).message}`)
      if (!res.headersSent) sendJson(res, err.code, err.toStatus())
      else res.end()
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'https://lab')
    const route = parsePath(url.pathname)
    if (route.kind === 'version')
      return sendJson(res, 200, versionInfo(this.options.kubernetesVersion))
    if (route.kind === 'health') {
      res.writeHead(200, { 'Content-Type': 'text/plain' })
      return res.end('ok')
    }
    const requester = authenticate(
      this.options.identities,
      this.serviceAccounts,
      req.headers.authorization,
    )
    const user = impersonate(this.store, requester, req.headersDistinct)
    if (route.kind !== 'resource')
      authorize(this.store, { user, verb: (req.method ?? 'GET').toLowerCase(), path: url.pathname })
    const served = this.servedTypes()
    const found = (doc: unknown) =>
      doc ? sendJson(res, 200, doc) : sendJson(res, 404, pathNotFound().toStatus())
    switch (route.kind) {
      case 'api':
        return sendJson(res, 200, apiVersions(`127.0.0.1:${this.port}`))
      case 'apis':
        return sendJson(res, 200, apiGroupList(served))
      case 'group':
        return found(oneApiGroup(route.group, served))
      case 'resources':
        return found(apiResourceList(route.group, route.version, served))
      case 'openapi':
        return found(
          route.document
            ? openApiDocument(route.document, served, this.options.kubernetesVersion ?? 'v1.32.0')
            : openApiRoot(served),
        )
      case 'resource':
        return this.serveResource(req, res, route, user, served, url.searchParams)
      default:
        throw pathNotFound()
    }
  }

  private async serveResource(
    req: IncomingMessage,
    res: ServerResponse,
    route: ResourceRoute,
    user: UserInfo,
    served: ResourceType[],
    query: URLSearchParams,
  ) {
    const t = served.find(
      (s) =>
        s.group === route.group && s.plural === route.plural && s.versions.includes(route.version),
    )
    const sub = route.subresource as Subresource | undefined
    if (
      !t ||
      (sub && !subresourcesOf(t).includes(sub)) ||
      (route.namespace !== undefined && !t.namespaced)
    )
      throw pathNotFound()
    if (t.namespaced && route.namespace === undefined && route.name !== undefined)
      throw pathNotFound()
    const bytes = await readBodyBytes(req)
    const body = bytes.toString('utf8')
    const watch = ['true', '1'].includes(query.get('watch') ?? '')
    const verb = verbOf(req.method ?? 'GET', route, watch)
    authorize(this.store, {
      user,
      verb,
      group: t.group,
      resource: t.plural,
      subresource: sub,
      // As in kube-apiserver's RequestInfo, a Namespace object is in its own namespace.
      namespace: t.kind === 'Namespace' ? route.name : route.namespace,
      name: route.name,
    })
    if (t.virtual) {
      if (verb !== 'create') throw methodNotAllowed(req.method ?? '')
      const contentType = req.headers['content-type'] ?? ''
      return sendJson(res, 201, answerReview(t, this.store, user, bytes, contentType))
    }
    const contentType = req.headers['content-type'] ?? 'application/json'
    const request: handlers.ResourceRequest = {
      store: this.store,
      resource: t,
      version: route.version,
      namespace: route.namespace,
      name: route.name,
      query,
      body,
      contentType,
      manager: fieldManagerOf(query, req.headers['user-agent']),
      dryRun: isDryRun(query, verb),
    }
    if (sub === 'token') {
      if (verb !== 'create') throw methodNotAllowed(req.method ?? '')
      const issued = this.serviceAccounts.issue(route.namespace!, route.name!, bytes, contentType)
      return sendJson(res, 201, issued)
    }
    if (sub) {
      const reply = serveSubresource(request, req.method ?? 'GET', sub)
      return sendJson(res, reply.status, reply.body)
    }
    const table =
      wantsTable(req.headers.accept) && (verb === 'get' || verb === 'list' || verb === 'watch')
    const render = (objects: KubeObject[], metadata: object) =>
      toTable(t.kind, objects, metadata, query.get('includeObject'))
    if (verb === 'watch')
      return serveWatch(req, res, request, {
        bookmarkIntervalMs: this.options.bookmarkIntervalMs ?? 5000,
        render: table ? (o) => render([o], {}) : undefined,
      })
    const reply = VERBS[verb]!(request)
    if (!table) return sendJson(res, reply.status, reply.body)
    const shown = reply.body as KubeObject & { items?: KubeObject[] }
    const rows = verb === 'list' ? shown.items! : [shown]
    sendJson(res, reply.status, render(rows, verb === 'list' ? shown.metadata : {}))
  }
}
