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

/** AssumeRole (and GetCallerIdentity, handy for checking a profile) for roles of accounts in the scenario. */
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
      `<GetCallerIdentityResponse ${ns}><GetCallerIdentityResult><Arn>arn:aws:iam::${caller.accountId}:user/meshpane</Arn>` +
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
  const session = form.get('RoleSessionName') ?? ''
  if (!session) return stsError(400, 'ValidationError', 'RoleSessionName is required')
  const target = identities.accountOfRole(roleArn)
  if (!target)
    return stsError(
      403,
      'AccessDenied',
      `User: arn:aws:iam::${caller.accountId}:user/meshpane is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    )
  const issued = identities.issueSession(target)
  const durationSeconds = Number(form.get('DurationSeconds') ?? 3600)
  const expiration = new Date(Date.now() + durationSeconds * 1000)
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
  const roleName = roleArn.split('/').pop()!
  const xml =
    `<AssumeRoleResponse ${ns}><AssumeRoleResult><Credentials><AccessKeyId>${issued.accessKeyId}</AccessKeyId>` +
    `<SecretAccessKey>${xmlEscape(issued.secretAccessKey)}</SecretAccessKey><SessionToken>${xmlEscape(issued.sessionToken!)}</SessionToken>` +
    `<Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROALAB${issued.accountId}:${xmlEscape(session)}</AssumedRoleId>` +
    `<Arn>arn:aws:sts::${issued.accountId}:assumed-role/${xmlEscape(roleName)}/${xmlEscape(session)}</Arn></AssumedRoleUser></AssumeRoleResult>${meta}</AssumeRoleResponse>`
  return { status: 200, xml }
}
