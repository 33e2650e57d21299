import { randomBytes } from 'node:crypto'
import type { AwsScenario } from './scenario'

/** What an access key the lab knows stands for: the account it acts as, and its secret. */
export type Identity = {
  account: string
  accountId: string
  secretAccessKey: string
  sessionToken?: string
}

/**
 * The credentials of the lab's AWS world: one long-term key per account (what the credentials file
 * holds) and the temporary keys STS AssumeRole hands out.
 */
export class Identities {
  private readonly byKey = new Map<string, Identity>()
  readonly longTerm: Record<string, { accessKeyId: string; secretAccessKey: string }> = {}

  constructor(private readonly scenario: AwsScenario) {
    for (const [account, spec] of Object.entries(scenario.accounts)) {
      const accessKeyId = `AKIALAB${spec.id}X`
      const secretAccessKey = randomBytes(30).toString('base64')
      this.longTerm[account] = { accessKeyId, secretAccessKey }
      this.byKey.set(accessKeyId, { account, accountId: spec.id, secretAccessKey })
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

  issueSession(account: string): Identity & { accessKeyId: string } {
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`
    const identity = {
      account,
      accountId: this.scenario.accounts[account]!.id,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(48).toString('base64'),
    }
    this.byKey.set(accessKeyId, identity)
    return { ...identity, accessKeyId }
  }
}
