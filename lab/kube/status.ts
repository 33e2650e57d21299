// Kubernetes `Status` errors with the reasons, codes and messages the real API server uses.
import { qualifiedName, type ResourceType } from './resources'

export interface StatusDetails {
  name?: string
  group?: string
  kind?: string
  causes?: { reason: string; message: string; field: string }[]
  retryAfterSeconds?: number
}

export class KubeError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message)
  }

  toStatus() {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    }
  }
}

const details = (t: ResourceType, name: string): StatusDetails => ({
  name,
  group: t.group || undefined,
  kind: t.plural,
})

export const notFound = (t: ResourceType, name: string) =>
  new KubeError(404, 'NotFound', `${qualifiedName(t)} "${name}" not found`, details(t, name))

export const alreadyExists = (t: ResourceType, name: string) =>
  new KubeError(
    409,
    'AlreadyExists',
    `${qualifiedName(t)} "${name}" already exists`,
    details(t, name),
  )

export const conflict = (t: ResourceType, name: string) =>
  new KubeError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedName(t)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    details(t, name),
  )

export function invalid(t: ResourceType, name: string, field: string, why: string) {
  const kind = t.group === '' ? t.kind : `${t.kind}.${t.group}`
  const message = `${field}: ${why}`
  return new KubeError(422, 'Invalid', `${kind} "${name}" is invalid: ${message}`, {
    name,
    group: t.group || undefined,
    kind: t.kind,
    causes: [{ reason: 'FieldValueInvalid', message, field }],
  })
}

export const badRequest = (message: string) => new KubeError(400, 'BadRequest', message)

export const expired = (message: string) => new KubeError(410, 'Expired', message)

export const unauthorized = () => new KubeError(401, 'Unauthorized', 'Unauthorized')

export const forbidden = (message: string) => new KubeError(403, 'Forbidden', message)

export const unsupportedMediaType = (contentType: string) =>
  new KubeError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (got ${contentType})`,
  )

export const methodNotAllowed = (method: string) =>
  new KubeError(
    405,
    'MethodNotAllowed',
    `the server does not allow this method on the requested resource (${method})`,
  )

export const pathNotFound = () =>
  new KubeError(404, 'NotFound', 'the server could not find the requested resource')
