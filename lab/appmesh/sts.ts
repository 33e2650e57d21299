import { randomUUID } from 'node:crypto'
import type { Identities, Identity } from './identities'

/** An STS answer: AWS query protocol, so XML bodies and `ErrorResponse` errors. */
export type StsAnswer = { status: number; xml: string }

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`)

export function stsError(status: number, code: string, message: string): StsAnswer {
  const xml =
    `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>` +
    `<Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`
  return { status, xml }
}

const NAME = /^[\w+=,.@-]*$/

/** AWS's own validation message for a RoleSessionName or SourceIdentity (2–64 of [\w+=,.@-]). */
function invalidName(field: string, value: string | null): string | undefined {
  if (value === null)
    return `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`
  const broken = [
    value.length < 2 && 'Member must have length greater than or equal to 2',
    value.length > 64 && 'Member must have length less than or equal to 64',
    !NAME.test(value) &&
      `Member must satisfy regular expression pattern: ${NAME.source.slice(1, -1)}`,
  ].filter((b): b is string => !!b)
  if (!broken.length) return undefined
  const errors = broken.map(
    (b) => `Value '${value}' at '${field}' failed to satisfy constraint: ${b}`,
  )
  const count = `${errors.length} validation error${errors.length > 1 ? 's' : ''} detected`
  return `${count}: ${errors.join('; ')}`
}

/**
 * AssumeRole (and GetCallerIdentity, handy for checking a profile) for roles of accounts in the
 * scenario. A session keeps the SourceIdentity it was given, and passes it on when it assumes
 * another role; it may repeat it but never change it.
 */
export function handleSts(
  identities: Identities,
  caller: Identity,
  form: URLSearchParams,
): StsAnswer {
  const action = form.get('Action')
  const ns = 'xmlns="https://sts.amazonaws.com/doc/2011-06-15/"'
  const meta = `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>`
  if (action === 'GetCallerIdentity') {
    const xml =
      `<GetCallerIdentityResponse ${ns}><GetCallerIdentityResult><Arn>${xmlEscape(caller.arn)}</Arn>` +
      `<UserId>AIDALAB${caller.accountId}</UserId><Account>${caller.accountId}</Account></GetCallerIdentityResult>${meta}</GetCallerIdentityResponse>`
    return { status: 200, xml }
  }
  if (action !== 'AssumeRole')
    return stsError(
      400,
      'InvalidAction',
      `Could not find operation ${action} for version 2011-06-15`,
    )
  const roleArn = form.get('RoleArn') ?? ''
  const session = form.get('RoleSessionName')
  const asked = form.get('SourceIdentity')
  const invalid =
    invalidName('roleSessionName', session) ??
    (asked === null ? undefined : invalidName('sourceIdentity', asked))
  if (invalid) return stsError(400, 'ValidationError', invalid)
  const target = identities.accountOfRole(roleArn)
  const changesSourceIdentity =
    caller.sourceIdentity !== undefined && asked !== null && asked !== caller.sourceIdentity
  if (!target || changesSourceIdentity)
    return stsError(
      403,
      'AccessDenied',
      `User: ${caller.arn} is not authorized to perform: ${target ? 'sts:SetSourceIdentity' : 'sts:AssumeRole'} on resource: ${roleArn}`,
    )
  const sourceIdentity = caller.sourceIdentity ?? asked ?? undefined
  const issued = identities.issueSession(caller, target, {
    roleArn,
    roleSessionName: session!,
    sourceIdentity,
  })
  const durationSeconds = Number(form.get('DurationSeconds') ?? 3600)
  const expiration = new Date(Date.now() + durationSeconds * 1000)
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
  const source = sourceIdentity
    ? `<SourceIdentity>${xmlEscape(sourceIdentity)}</SourceIdentity>`
    : ''
  const xml =
    `<AssumeRoleResponse ${ns}><AssumeRoleResult>${source}<Credentials><AccessKeyId>${issued.accessKeyId}</AccessKeyId>` +
    `<SecretAccessKey>${xmlEscape(issued.secretAccessKey)}</SecretAccessKey><SessionToken>${xmlEscape(issued.sessionToken!)}</SessionToken>` +
    `<Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROALAB${issued.accountId}:${xmlEscape(session!)}</AssumedRoleId>` +
    `<Arn>${xmlEscape(issued.arn)}</Arn></AssumedRoleUser></AssumeRoleResult>${meta}</AssumeRoleResponse>`
  return { status: 200, xml }
}
