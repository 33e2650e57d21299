import { randomBytes } from 'node:crypto'
import type { AwsScenario } from './scenario'

/** What an access key the lab knows stands for: the account it acts as, whom, and its secret. */
export type Identity = {
  account: string
  accountId: string
  arn: string // the caller's ARN: the account's user, or an assumed-role session
  secretAccessKey: string
  sessionToken?: string
  sourceIdentity?: string // set once by AssumeRole, kept by every session chained from it
}

/** One AssumeRole the lab's STS granted, as CloudTrail would record it. */
export type AssumedRole = {
  time: string
  callerArn: string
  roleArn: string
  roleSessionName: string
  assumedRoleArn: string
  accessKeyId: string
  sourceIdentity?: string
}

/**
 * The credentials of the lab's AWS world: one long-term key per account (what the credentials file
 * holds) and the temporary keys STS AssumeRole hands out, with the record of each.
 */
export class Identities {
  private readonly byKey = new Map<string, Identity>()
  readonly longTerm: Record<string, { accessKeyId: string; secretAccessKey: string }> = {}
  readonly assumedRoles: AssumedRole[] = []

  constructor(private readonly scenario: AwsScenario) {
    for (const [account, spec] of Object.entries(scenario.accounts)) {
      const accessKeyId = `AKIALAB${spec.id}X`
      const secretAccessKey = randomBytes(30).toString('base64')
      this.longTerm[account] = { accessKeyId, secretAccessKey }
      const arn = `arn:aws:iam::${spec.id}:user/meshpane`
      this.byKey.set(accessKeyId, { account, accountId: spec.id, arn, secretAccessKey })
    }
  }

  lookup(accessKeyId: string): Identity | undefined {
    return this.byKey.get(accessKeyId)
  }

  /** The account whose role ARN this is, if the scenario declares it. */
  accountOfRole(roleArn: string): string | undefined {
    const id = /^arn:aws:iam::(\d{12}):role\/.+$/.exec(roleArn)?.[1]
    return Object.entries(this.scenario.accounts).find(([, spec]) => spec.id === id)?.[0]
  }

  issueSession(
    caller: Identity,
    account: string,
    assume: { roleArn: string; roleSessionName: string; sourceIdentity?: string },
  ): Identity & { accessKeyId: string } {
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`
    const accountId = this.scenario.accounts[account]!.id
    const roleName = assume.roleArn.split('/').pop()!
    const identity: Identity = {
      account,
      accountId,
      arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${assume.roleSessionName}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(48).toString('base64'),
      ...(assume.sourceIdentity ? { sourceIdentity: assume.sourceIdentity } : {}),
    }
    this.byKey.set(accessKeyId, identity)
    this.assumedRoles.push({
      time: new Date().toISOString(),
      callerArn: caller.arn,
      roleArn: assume.roleArn,
      roleSessionName: assume.roleSessionName,
      assumedRoleArn: identity.arn,
      accessKeyId,
      ...(assume.sourceIdentity ? { sourceIdentity: assume.sourceIdentity } : {}),
    })
    return { ...identity, accessKeyId }
  }
}
