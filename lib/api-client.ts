import type { z } from 'zod'
import {
  ApiErrorBody,
  ChangeList,
  ChangeRecord,
  FieldIssue,
  FleetServiceList,
  Mesh,
  MeshList,
  MeshService,
  Owner,
  Rollout,
  RolloutList,
  ServiceList,
  ServiceGraph,
  ServiceMetrics,
  Session,
  SourceList,
  SplitPreview,
  SplitWriteResult,
  TrafficSplit,
  type ChangeQuery,
  type ErrorCode,
  type FleetSearch,
  type RevertRequest,
  type RolloutPlan,
  type RolloutQuery,
  type SplitUpdate,
} from './schemas'

/** A non-2xx answer of /api/v1 (or a network failure, code `unreachable` with status 0). */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** Who is calling: the console's own pages, or a script; change records keep it. */
export type ApiClientKind = 'ui' | 'api'

/** How a script reaches Meshpane: a bearer token (with sign-in) and a User-Agent naming the script. */
export type ApiClientOptions = { token?: string; userAgent?: string }

async function call<T>(
  base: string,
  client: ApiClientKind,
  options: ApiClientOptions,
  schema: z.ZodType<T>,
  path: string,
  init?: RequestInit,
): Promise<T> {
  let response: Response
  try {
    response = await fetch(`${base}/api/v1${path}`, {
      ...init,
      headers: {
        accept: 'application/json',
        'x-meshpane-client': client,
        ...(init?.body ? { 'content-type': 'application/json' } : {}),
        ...(options.token && { authorization: `Bearer ${options.token}` }),
        ...(options.userAgent && { 'user-agent': options.userAgent }),
      },
    })
  } catch (e) {
    throw new ApiError('unreachable', `Meshpane did not answer: ${(e as Error).message}`, 0)
  }
  const body: unknown = await response.json().catch(() => undefined)
  if (!response.ok) {
    const parsed = ApiErrorBody.safeParse(body)
    if (parsed.success) {
      const { code, message, details } = parsed.data.error
      throw new ApiError(code, message, response.status, details)
    }
    throw new ApiError(
      'internal',
      `${response.status} ${response.statusText}`.trim(),
      response.status,
    )
  }
  const parsed = schema.safeParse(body)
  if (!parsed.success) {
    throw new ApiError(
      'internal',
      `Unexpected answer from ${path}: ${parsed.error.message}`,
      response.status,
    )
  }
  return parsed.data
}

const segment = encodeURIComponent

/** The filters of GET /changes as the API reads them; the client always asks for JSON pages. */
export type ChangeListQuery = Partial<Omit<ChangeQuery, 'format'>>

export type RolloutActionName = 'promote' | 'pause' | 'resume' | 'abort'

/** `?a=1&b=2` of the filters that are set, or nothing. */
function queryString(query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(key, String(value))
  const text = params.toString()
  return text && `?${text}`
}

/**
 * The typed client of /api/v1: every answer is parsed with the schema the server answers with.
 * `origin` is empty in the browser (same origin); scripts pass the Meshpane URL.
 */
export function createApiClient(
  origin = '',
  client: ApiClientKind = 'api',
  options: ApiClientOptions = {},
) {
  const get = <T>(schema: z.ZodType<T>, path: string) => call(origin, client, options, schema, path)
  const send = <T>(schema: z.ZodType<T>, path: string, method: string, body: unknown) =>
    call(origin, client, options, schema, path, { method, body: JSON.stringify(body) })
  return {
    session: () => get(Session, '/session'),
    sources: () => get(SourceList, '/sources'),
    meshes: () => get(MeshList, '/meshes'),
    mesh: (meshId: string) => get(Mesh, `/meshes/${segment(meshId)}`),
    services: (meshId: string) => get(ServiceList, `/meshes/${segment(meshId)}/services`),
    /** Every service of the fleet, filtered, one page at a time (`nextCursor`). */
    fleetServices: (query: FleetSearch = {}) =>
      get(FleetServiceList, `/services${queryString(query)}`),
    service: (serviceId: string) => get(MeshService, `/services/${segment(serviceId)}`),
    split: (serviceId: string) => get(TrafficSplit, `/services/${segment(serviceId)}/split`),
    applySplit: (serviceId: string, update: SplitUpdate) =>
      send(SplitWriteResult, `/services/${segment(serviceId)}/split`, 'PUT', update),
    metrics: (serviceId: string, range: string, step: string) =>
      get(
        ServiceMetrics,
        `/services/${segment(serviceId)}/metrics?range=${segment(range)}&step=${segment(step)}`,
      ),
    previewSplit: (serviceId: string, update: SplitUpdate) =>
      send(SplitPreview, `/services/${segment(serviceId)}/split/preview`, 'POST', update),
    /** The service graph; filters as comma-separated lists (none: everything). */
    graph: (
      query: { sources?: string[]; meshes?: string[]; namespaces?: string[]; window?: string } = {},
    ) =>
      get(
        ServiceGraph,
        `/graph${queryString({
          ...(query.sources?.length && { sources: query.sources.join(',') }),
          ...(query.meshes?.length && { meshes: query.meshes.join(',') }),
          ...(query.namespaces?.length && { namespaces: query.namespaces.join(',') }),
          ...(query.window && { window: query.window }),
        })}`,
      ),
    changes: (query: ChangeListQuery = {}) => get(ChangeList, `/changes${queryString(query)}`),
    change: (changeId: string) => get(ChangeRecord, `/changes/${segment(changeId)}`),
    revertChange: (changeId: string, request: RevertRequest = {}) =>
      send(SplitWriteResult, `/changes/${segment(changeId)}/revert`, 'POST', request),
    rollouts: (query: Partial<RolloutQuery> = {}) =>
      get(RolloutList, `/rollouts${queryString(query)}`),
    serviceRollouts: (serviceId: string) =>
      get(RolloutList, `/services/${segment(serviceId)}/rollouts`),
    rollout: (serviceId: string, rolloutId: string) =>
      get(Rollout, `/services/${segment(serviceId)}/rollouts/${segment(rolloutId)}`),
    startRollout: (serviceId: string, plan: RolloutPlan) =>
      send(Rollout, `/services/${segment(serviceId)}/rollouts`, 'POST', plan),
    /** promote (`{ full }`), pause, resume or abort (`{ comment }`). */
    rolloutAction: (
      serviceId: string,
      rolloutId: string,
      action: RolloutActionName,
      body: { full?: boolean; comment?: string } = {},
    ) =>
      send(
        Rollout,
        `/services/${segment(serviceId)}/rollouts/${segment(rolloutId)}/${action}`,
        'POST',
        body,
      ),
  }
}

export type ApiClient = ReturnType<typeof createApiClient>

/** The console's own client (same origin). */
export const api = createApiClient('', 'ui')

/** The split the server holds now, carried by a 409 conflict. */
export function conflictCurrent(error: unknown): TrafficSplit | null {
  if (!(error instanceof ApiError) || error.code !== 'conflict') return null
  const current = TrafficSplit.safeParse(
    (error.details as { current?: unknown } | undefined)?.current,
  )
  return current.success ? current.data : null
}

/** Who manages the object, carried by a 409 `owned` (the write needs the operator's `force`). */
export function ownedBy(error: unknown): Owner | null {
  if (!(error instanceof ApiError) || error.code !== 'owned') return null
  const owner = Owner.safeParse((error.details as { owner?: unknown } | undefined)?.owner)
  return owner.success ? owner.data : null
}

/** The fields an error names in details.fields (a 400's bad fields, a 422's refused one), else none. */
export function errorFields(error: unknown): FieldIssue[] {
  if (!(error instanceof ApiError)) return []
  const fields = FieldIssue.array().safeParse(
    (error.details as { fields?: unknown } | undefined)?.fields,
  )
  return fields.success ? fields.data : []
}
