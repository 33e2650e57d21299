import 'server-only'
import type { FieldIssue, Owner, SourceStatus, TrafficSplit } from '@/lib/schemas'

/**
 * Domain errors thrown anywhere under server/; server/http maps each one to its status and
 * `{ error: { code, message, details } }` in one place, so no handler or adapter spells a status.
 */
export class DomainError extends Error {
  constructor(message: string) {
    super(message)
    this.name = new.target.name
  }
}

/** Bad input, with every offending field (`backends.1.weight`) and why. */
export class ValidationError extends DomainError {
  constructor(
    readonly fields: FieldIssue[],
    message = fields.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message)).join('; '),
  ) {
    super(message)
  }
}

export class NotFoundError extends DomainError {}

/** No one is signed in, or the credentials sent are not good (expired, wrong issuer or audience). */
export class UnauthorizedError extends DomainError {}

/** The write's precondition (the revision the client read) no longer holds; carries the split now. */
export class ConflictError extends DomainError {
  constructor(
    readonly current: TrafficSplit,
    message = 'the split changed since it was read; review the current split and apply again',
  ) {
    super(message)
  }
}

/** The object has an owner that may revert the change, and the request did not say `force`. */
export class OwnedError extends DomainError {
  constructor(readonly owner: Owner) {
    super(
      `${owner.detail} (${owner.manager}) manages this routing object and may revert the change: send "force": true to write anyway`,
    )
  }
}

/**
 * An adapter's write was refused by the source's precondition check (or refused outright): the
 * write pipeline re-reads to tell a conflict (the object moved) from a refusal of the change.
 */
export class PreconditionFailedError extends DomainError {}

/** Well-formed but impossible (e.g. the source refused the change for a reason of its own). */
export class UnprocessableError extends DomainError {
  /** `details` goes out as the error body's details (e.g. which object routes the service instead). */
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }
}

export type UnavailableStatus = Exclude<SourceStatus, 'ok'>

/** The source behind the request could not answer: connection failed, too slow, or refused us. */
export class SourceUnavailableError extends DomainError {
  constructor(
    readonly status: UnavailableStatus,
    readonly source: string,
    message: string,
  ) {
    super(`${source}: ${message}`)
  }
}

/** The rollout is not in a state that allows the action (promote a rolled-back one; a second rollout of a service). */
export class RolloutStateError extends DomainError {
  constructor(
    message: string,
    readonly details: { rolloutId: string; state: string },
  ) {
    super(message)
  }
}

/** Meshpane's own storage (the audit trail) cannot be used right now: nothing was done. */
export class StorageUnavailableError extends DomainError {}

/** Meshpane is at a limit it keeps (open streams, say): nothing was done; a later try may pass. */
export class UnavailableError extends DomainError {}

/** A body in a format the endpoint does not take (it takes application/json). */
export class UnsupportedMediaTypeError extends DomainError {}

/** A request body over the size the endpoint reads (64 KiB for JSON bodies). */
export class PayloadTooLargeError extends DomainError {}

/** Meshpane runs view-only (`viewOnly: true`): it changes nothing, for anyone. */
export class ViewOnlyError extends DomainError {
  constructor() {
    super('Meshpane runs in view-only mode (viewOnly in meshpane.json): no change can be made')
  }
}
