import type { z } from 'zod'
import {
  ApiErrorBody,
  Mesh,
  MeshList,
  MeshService,
  ServiceList,
  SourceList,
  SplitPreview,
  TrafficSplit,
  type ErrorCode,
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

const BASE = '/api/v1'

async function call<T>(schema: z.ZodType<T>, path: string, init?: RequestInit): Promise<T> {
  let response: Response
  try {
    response = await fetch(`${BASE}${path}`, {
      ...init,
      headers: {
        accept: 'application/json',
        ...(init?.body ? { 'content-type': 'application/json' } : {}),
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

/** The typed client of /api/v1: every answer is parsed with the schema the server answers with. */
export const api = {
  sources: () => call(SourceList, '/sources'),
  meshes: () => call(MeshList, '/meshes'),
  mesh: (meshId: string) => call(Mesh, `/meshes/${segment(meshId)}`),
  services: (meshId: string) => call(ServiceList, `/meshes/${segment(meshId)}/services`),
  service: (serviceId: string) => call(MeshService, `/services/${segment(serviceId)}`),
  split: (serviceId: string) => call(TrafficSplit, `/services/${segment(serviceId)}/split`),
  applySplit: (serviceId: string, update: SplitUpdate) =>
    call(TrafficSplit, `/services/${segment(serviceId)}/split`, {
      method: 'PUT',
      body: JSON.stringify(update),
    }),
  previewSplit: (serviceId: string, update: SplitUpdate) =>
    call(SplitPreview, `/services/${segment(serviceId)}/split/preview`, {
      method: 'POST',
      body: JSON.stringify(update),
    }),
}

/** The split the server holds now, carried by a 409 conflict. */
export function conflictCurrent(error: unknown): TrafficSplit | null {
  if (!(error instanceof ApiError) || error.code !== 'conflict') return null
  const current = TrafficSplit.safeParse(
    (error.details as { current?: unknown } | undefined)?.current,
  )
  return current.success ? current.data : null
}
