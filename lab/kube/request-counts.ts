// What one cluster's API server has been asked, counted as it arrives (whatever the fault or the
// answer), so tests and benches can read the load a client puts on a cluster.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { parsePath, verbOf } from './paths'
import { RESOURCE_TYPES } from './resources'

/** A request's verb: the RBAC verbs, `review` (access reviews), `discovery` and `other`. */
export type CountedVerb =
  | 'get'
  | 'list'
  | 'watch'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'deletecollection'
  | 'review'
  | 'discovery'
  | 'other'

export interface RequestCountsSnapshot {
  /** When counting started: the cluster's start or the last reset (ISO 8601). */
  since: string
  total: number
  byVerb: Partial<Record<CountedVerb, number>>
  /** By resource plural, `/subresource` appended (`pods`, `virtualservices`, `serviceaccounts/token`). */
  byResource: Record<string, number>
  /** By `<verb> <resource>` (`list pods`, `watch virtualservices`). */
  byVerbResource: Record<string, number>
  /** Lists of every pod of the cluster (`GET /api/v1/pods`, not a watch), each page counted. */
  clusterWidePodLists: number
  /** Watches open now, whenever they were opened (not reset). */
  watchesOpen: number
}

// Access and identity reviews: POSTs that create nothing.
const REVIEWS = new Set(
  RESOURCE_TYPES.filter((t) => t.virtual).map((t) => `${t.group}/${t.plural}`),
)

type Classified = { verb: CountedVerb; resource?: string; clusterWidePods?: boolean }

function classify(req: IncomingMessage): Classified {
  try {
    const url = new URL(req.url ?? '/', 'https://lab')
    const route = parsePath(url.pathname)
    if (route.kind === 'unknown') return { verb: 'other' }
    if (route.kind !== 'resource') return { verb: 'discovery' }
    const resource = route.subresource ? `${route.plural}/${route.subresource}` : route.plural
    if (REVIEWS.has(`${route.group}/${route.plural}`)) return { verb: 'review', resource }
    const watch = ['true', '1'].includes(url.searchParams.get('watch') ?? '')
    const verb = verbOf(req.method ?? 'GET', route, watch) as CountedVerb
    const clusterWidePods =
      verb === 'list' && route.group === '' && route.plural === 'pods' && !route.namespace
    return { verb, resource, clusterWidePods }
  } catch {
    return { verb: 'other' }
  }
}

const bump = (into: Record<string, number>, key: string) => (into[key] = (into[key] ?? 0) + 1)

export class RequestCounts {
  private since = new Date()
  private total = 0
  private byVerb: Record<string, number> = {}
  private byResource: Record<string, number> = {}
  private byVerbResource: Record<string, number> = {}
  private clusterWidePodLists = 0
  private readonly watches = new Set<ServerResponse>()

  /** Counts a request as it arrives; a watch stays open until its answer closes. */
  record(req: IncomingMessage, res: ServerResponse) {
    const { verb, resource, clusterWidePods } = classify(req)
    this.total++
    bump(this.byVerb, verb)
    if (resource) {
      bump(this.byResource, resource)
      bump(this.byVerbResource, `${verb} ${resource}`)
    }
    if (clusterWidePods) this.clusterWidePodLists++
    if (verb === 'watch') {
      this.watches.add(res)
      res.on('close', () => this.watches.delete(res))
    }
  }

  /** Starts counting afresh (open watches stay open, and counted as such). */
  reset() {
    this.since = new Date()
    this.total = 0
    this.byVerb = {}
    this.byResource = {}
    this.byVerbResource = {}
    this.clusterWidePodLists = 0
  }

  snapshot(): RequestCountsSnapshot {
    return {
      since: this.since.toISOString(),
      total: this.total,
      byVerb: { ...this.byVerb },
      byResource: { ...this.byResource },
      byVerbResource: { ...this.byVerbResource },
      clusterWidePodLists: this.clusterWidePodLists,
      watchesOpen: this.watches.size,
    }
  }
}
