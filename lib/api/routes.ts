import { z } from 'zod'
import {
  ChangeList,
  ChangeQuery,
  ChangeRecord,
  Rollout,
  RolloutAction,
  RolloutList,
  RolloutPlan,
  RolloutPromote,
  RolloutQuery,
  FleetServiceList,
  GraphQuery,
  ServiceGraph,
  FleetServiceQuery,
  Mesh,
  MeshList,
  MeshService,
  MetricsQuery,
  RevertRequest,
  ServiceList,
  ServiceMetrics,
  Session,
  SourceList,
  SourcesChanged,
  SplitPreview,
  SplitUpdate,
  SplitWriteResult,
  TrafficSplit,
  ERROR_STATUS,
  type ErrorCode,
} from '../schemas'

export type Method = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE'

/**
 * One endpoint of /api/v1, as clients see it. The OpenAPI document (openapi.ts), the API reference
 * page and the contract tests all read this table; `route-table.test.ts` fails when a route file
 * under app/api/v1 exports a method that has no entry here, or an entry has no handler.
 */
export type RouteSpec = {
  method: Method
  /** Under /api/v1, with `{param}` for each path segment Next names `[param]`. */
  path: string
  /** Groups the reference page and the document's tags. */
  tag: 'inventory' | 'splits' | 'metrics' | 'graph' | 'changes' | 'rollouts' | 'session' | 'meta'
  summary: string
  description?: string
  /** A description of each `{param}` of the path. */
  params?: Record<string, string>
  query?: z.ZodObject
  body?: z.ZodType
  /** Answers without sign-in (else, with sign-in on, a request without valid credentials is 401). */
  public?: true
  /** The 200 answer (JSON). */
  answer: z.ZodType
  /** The 200 answer is a stream of server-sent events whose `data` each match `answer`. */
  events?: true
  /** A second representation of the 200 answer: each line of an NDJSON stream, when asked for. */
  ndjson?: z.ZodType
  /**
   * Error codes this route answers besides those every route may give (see errorsOf): a path
   * parameter adds `not_found`, a body adds `invalid`, `unsupported_media_type` and
   * `payload_too_large`, a query adds `invalid`.
   */
  errors?: ErrorCode[]
}

const serviceParam = { serviceId: 'A service id, as the mesh service lists give it.' }
const meshParam = { meshId: 'A mesh id, as GET /meshes gives it.' }
const changeParam = { changeId: 'A change id, as GET /changes gives it.' }
const rolloutParams = {
  ...serviceParam,
  rolloutId: 'A rollout id, as the rollouts lists give it.',
}
/** A source behind the answer may be down, slow or refuse Meshpane. */
const SOURCE_ERRORS: ErrorCode[] = ['unreachable', 'timeout', 'forbidden', 'unprocessable']
/** A write goes through the pipeline: every refusal it can give. */
const WRITE_ERRORS: ErrorCode[] = [...SOURCE_ERRORS, 'conflict', 'owned', 'unavailable']

/** The OpenAPI document itself, described loosely (its own schema is the OpenAPI 3.1 one). */
const OpenApiDocument = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
})

export const ROUTES = {
  getOpenApi: {
    method: 'GET',
    path: '/openapi.json',
    tag: 'meta',
    summary:
      'This document: every route of /api/v1, generated from the schemas the handlers parse with',
    public: true,
    answer: OpenApiDocument,
  },
  getSession: {
    method: 'GET',
    path: '/session',
    tag: 'session',
    summary: 'Who the console acts as, and whether writes are allowed',
    answer: Session,
  },
  listSources: {
    method: 'GET',
    path: '/sources',
    tag: 'inventory',
    summary: 'Every kube context and AWS account × region, with its status, error and latency',
    answer: SourceList,
  },
  watchChanges: {
    method: 'GET',
    path: '/events',
    tag: 'inventory',
    summary:
      'Server-sent events: `event: change` with the ids of the sources whose state changed, as their watches see it',
    description:
      'Pages and scripts keep one stream open and re-read what they show of the named sources, instead of polling. Only the sources the caller may see are named; the events carry no data of their own.',
    events: true,
    answer: SourcesChanged,
    errors: ['unavailable'],
  },
  listMeshes: {
    method: 'GET',
    path: '/meshes',
    tag: 'inventory',
    summary: 'Every mesh found; `errors` names the sources that failed (the rest still answers)',
    answer: MeshList,
  },
  getMesh: {
    method: 'GET',
    path: '/meshes/{meshId}',
    tag: 'inventory',
    summary: 'One mesh',
    params: meshParam,
    answer: Mesh,
    errors: SOURCE_ERRORS,
  },
  listServices: {
    method: 'GET',
    path: '/meshes/{meshId}/services',
    tag: 'inventory',
    summary: "A mesh's services with backends, split, metrics and health, and the objects skipped",
    params: meshParam,
    answer: ServiceList,
    errors: SOURCE_ERRORS,
  },
  searchServices: {
    method: 'GET',
    path: '/services',
    tag: 'inventory',
    summary:
      'Every service of every mesh and source the caller may see, filtered and paged by `cursor`; `errors` names the sources that failed',
    query: FleetServiceQuery,
    answer: FleetServiceList,
  },
  getService: {
    method: 'GET',
    path: '/services/{serviceId}',
    tag: 'inventory',
    summary: 'One service: routing objects, owner, capabilities and problems',
    params: serviceParam,
    answer: MeshService,
    errors: SOURCE_ERRORS,
  },
  getSplit: {
    method: 'GET',
    path: '/services/{serviceId}/split',
    tag: 'splits',
    summary:
      "The service's split: integer percents summing to 100, and the revision to write under",
    params: serviceParam,
    answer: TrafficSplit,
    errors: SOURCE_ERRORS,
  },
  putSplit: {
    method: 'PUT',
    path: '/services/{serviceId}/split',
    tag: 'splits',
    summary:
      'Change the split, under the revision read (409 `conflict` with the split now if it moved)',
    description:
      '`outcome` says whether anything was written (`no-op`: the split was already there). 409 `owned` when a GitOps tool or rollout controller manages the object (send `force: true` to write anyway); 422 when the mesh cannot express the change.',
    params: serviceParam,
    body: SplitUpdate,
    answer: SplitWriteResult,
    errors: WRITE_ERRORS,
  },
  previewSplit: {
    method: 'POST',
    path: '/services/{serviceId}/split/preview',
    tag: 'splits',
    summary: 'The native object before and after the change, as YAML; nothing written',
    params: serviceParam,
    body: SplitUpdate,
    answer: SplitPreview,
    errors: SOURCE_ERRORS,
  },
  getMetrics: {
    method: 'GET',
    path: '/services/{serviceId}/metrics',
    tag: 'metrics',
    summary:
      'Per backend: current and series of requests/s, success rate and latency; canary health',
    params: serviceParam,
    query: MetricsQuery,
    answer: ServiceMetrics,
    errors: SOURCE_ERRORS,
  },
  listChanges: {
    method: 'GET',
    path: '/changes',
    tag: 'changes',
    summary: 'Every write attempt, newest first; `format=ndjson` streams every match as JSON lines',
    query: ChangeQuery,
    answer: ChangeList,
    ndjson: ChangeRecord,
    errors: ['unavailable'],
  },
  getChange: {
    method: 'GET',
    path: '/changes/{changeId}',
    tag: 'changes',
    summary: 'One change record',
    params: changeParam,
    answer: ChangeRecord,
    errors: ['unavailable'],
  },
  revertChange: {
    method: 'POST',
    path: '/changes/{changeId}/revert',
    tag: 'changes',
    summary: "Write the change's `before` split back, under the revision the change left",
    description:
      'Answers as a PUT of the split; 409 `conflict` with the split now if anyone wrote since (a revert never clobbers a later change); 422 if the change was not `applied`.',
    params: changeParam,
    body: RevertRequest,
    answer: SplitWriteResult,
    errors: WRITE_ERRORS,
  },
  getGraph: {
    method: 'GET',
    path: '/graph',
    tag: 'graph',
    summary:
      'Who calls whom: services per cluster and mesh, their versions and callers, with rate, success rate and p95/p99 per edge',
    description:
      'Filters are comma-separated source names, mesh kinds and namespaces; `window` is one of 1m 5m 15m 30m 1h. Signed in, the graph holds the services the person may read, and other callers as `unknown`.',
    query: GraphQuery,
    answer: ServiceGraph,
  },
  listRollouts: {
    method: 'GET',
    path: '/rollouts',
    tag: 'rollouts',
    summary: 'Every rollout across sources and accounts, newest first',
    query: RolloutQuery,
    answer: RolloutList,
  },
  listServiceRollouts: {
    method: 'GET',
    path: '/services/{serviceId}/rollouts',
    tag: 'rollouts',
    summary: "The service's rollouts, newest first",
    params: serviceParam,
    answer: RolloutList,
  },
  startRollout: {
    method: 'POST',
    path: '/services/{serviceId}/rollouts',
    tag: 'rollouts',
    summary: 'Start a rollout: its first step is written before the answer',
    description:
      'Needs the right to change the split (403 otherwise); every step then acts as the person who started it. 409 `conflict` when the service already has an active rollout; 422 for objects Flagger or Argo Rollouts drive.',
    params: serviceParam,
    body: RolloutPlan,
    answer: Rollout,
    errors: WRITE_ERRORS,
  },
  getRollout: {
    method: 'GET',
    path: '/services/{serviceId}/rollouts/{rolloutId}',
    tag: 'rollouts',
    summary: 'One rollout with its timeline',
    params: rolloutParams,
    answer: Rollout,
  },
  actOnRollout: {
    method: 'POST',
    path: '/services/{serviceId}/rollouts/{rolloutId}/{action}',
    tag: 'rollouts',
    summary: 'promote (the next step, or `{ "full": true }`), pause, resume or abort',
    description:
      'The body is optional: `{ full }` for promote, `{ comment }` for the others. 409 `conflict` when the rollout is not in a state that allows the action.',
    params: { ...rolloutParams, action: 'promote, pause, resume or abort.' },
    body: RolloutPromote.or(RolloutAction),
    answer: Rollout,
    errors: WRITE_ERRORS,
  },
} as const satisfies Record<string, RouteSpec>

export type RouteName = keyof typeof ROUTES

/**
 * Errors any route may answer: the request policy refuses a foreign Host (403), and bugs are 500s.
 * Every route but a `public` one may also be 401 `unauthorized` when sign-in is on.
 */
export const COMMON_ERRORS: ErrorCode[] = ['forbidden', 'internal']

/** Every error code a route may answer, each once, in the order of their statuses. */
export function errorsOf(route: RouteSpec): ErrorCode[] {
  const codes = new Set<ErrorCode>([...COMMON_ERRORS, ...(route.errors ?? [])])
  if (!route.public) codes.add('unauthorized')
  if (route.path.includes('{')) codes.add('not_found')
  if (route.query) codes.add('invalid')
  if (route.body)
    for (const code of ['invalid', 'unsupported_media_type', 'payload_too_large'] as const)
      codes.add(code)
  return [...codes].sort((a, b) => ERROR_STATUS[a] - ERROR_STATUS[b])
}

/** The `{param}` names of a path, in order. */
export const pathParams = (path: string): string[] =>
  [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)
