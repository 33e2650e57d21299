import 'server-only'
import { AppMeshClient } from '@aws-sdk/client-app-mesh'
import { fromIni, fromTemporaryCredentials } from '@aws-sdk/credential-providers'
import { ConfiguredRetryStrategy } from '@smithy/core/retry'
import { sourceId, type SourceKey } from '@/lib/ids'
import type { SourceRef } from '@/lib/schemas'
import type { AwsConfig, AwsAccountConfig, AwsGroupAccess } from '@/server/config/aws'
import { safeUrl } from '@/server/redact'

/**
 * Four attempts on throttling (429) and 5xx, exponential with jitter: 0.1–0.2 s, 0.2–0.4 s, 0.4–0.8 s.
 * The SDK's default waits from 0.5 s on throttling, which alone would outlast a source deadline.
 * One strategy per client: its retry quota then drains per account×region, as AWS throttles.
 */
const retryStrategy = () =>
  new ConfiguredRetryStrategy(4, (retry) =>
    Math.min(800, 100 * 2 ** (retry - 1) * (1 + Math.random())),
  )

type CredentialProvider = ReturnType<typeof fromIni>
type Credentials = Awaited<ReturnType<CredentialProvider>>

/** An AWS account×region as a source: an App Mesh client bound to the account's credentials. */
export type AwsSource = {
  kind: 'aws'
  ref: SourceRef
  key: SourceKey
  /** The App Mesh endpoint of the region (or the configured one), shown to operators. */
  endpoint: string
  profile: string
  /** Who Meshpane is there, for the record of a write (the profile, and the role it assumes). */
  identity: string
  region: string
  /** The account the credentials act in, when known (role ARN, or `aws_account_id` of the profile). */
  accountId(): Promise<string | undefined>
  appmesh: AppMeshClient
  /** Concurrent App Mesh calls allowed for this source (AWS throttles per account and region). */
  maxConcurrency: number
  /** With sign-in, what each group may do here (absent: read for all, write for none). */
  access?: readonly AwsGroupAccess[]
  /** This source with `roleArn` assumed from the account's credentials, `sourceIdentity` naming the user. */
  assuming(roleArn: string, sourceIdentity: string): AwsSource
}

/**
 * One source per account and region of the config. Builds clients only; nothing connects here,
 * and credentials stay inside the SDK's providers (never in a Source, a message or a log).
 */
export function awsSources(aws: AwsConfig | undefined): AwsSource[] {
  if (!aws) return []
  return aws.accounts.flatMap((account) => {
    const credentials = accountCredentials(aws, account)
    const roleAccount = account.roleArn?.split(':')[4]
    const accountId = async () =>
      roleAccount ?? (await credentials().catch(() => undefined))?.accountId
    return account.regions.map((region): AwsSource => {
      const name = `${account.name ?? account.profile}/${region}`
      const key = { kind: 'aws' as const, name }
      const client = (as: CredentialProvider) =>
        new AppMeshClient({
          region,
          endpoint: aws.endpoint,
          credentials: as,
          retryStrategy: retryStrategy(),
        })
      const source: AwsSource = {
        kind: 'aws',
        key,
        ref: { id: sourceId(key), name, kind: 'aws' },
        endpoint: safeUrl(aws.endpoint ?? `https://appmesh.${region}.amazonaws.com`),
        profile: account.profile,
        identity: `AWS profile ${account.profile}${account.roleArn ? ` as ${account.roleArn}` : ''}`,
        region,
        accountId,
        appmesh: client(credentials),
        maxConcurrency: aws.maxConcurrency,
        ...(account.access && { access: account.access }),
        assuming: (roleArn, sourceIdentity) => ({
          ...source,
          identity: `${source.identity}, then ${roleArn} with SourceIdentity ${sourceIdentity}`,
          accountId: async () => roleArn.split(':')[4],
          appmesh: client(
            assumed(aws, account, credentials, {
              RoleArn: roleArn,
              RoleSessionName: `meshpane-${sourceIdentity}`.slice(0, 64),
              SourceIdentity: sourceIdentity,
            }),
          ),
        }),
      }
      return source
    })
  })
}

/** The profile's credentials, or the role assumed with them; shared by the account's regions. */
function accountCredentials(aws: AwsConfig, account: AwsAccountConfig): CredentialProvider {
  const files = {
    profile: account.profile,
    filepath: aws.credentialsFile,
    configFilepath: aws.configFile,
  }
  const base = fromIni(files)
  if (!account.roleArn) return memoize(base)
  return assumed(aws, account, base, { RoleArn: account.roleArn, RoleSessionName: 'meshpane' })
}

/** A role assumed through STS (renewed before expiry) with `master` credentials. */
function assumed(
  aws: AwsConfig,
  account: AwsAccountConfig,
  master: CredentialProvider,
  params: { RoleArn: string; RoleSessionName: string; SourceIdentity?: string },
): CredentialProvider {
  return memoize(
    fromTemporaryCredentials({
      params,
      masterCredentials: master,
      clientConfig: { region: account.regions[0], endpoint: aws.endpoint, maxAttempts: 4 },
    }),
  )
}

/** One credential fetch (and one AssumeRole) for every region's client until 5 minutes before expiry; failures are not kept. */
function memoize(provider: CredentialProvider): CredentialProvider {
  let pending: Promise<Credentials> | undefined
  return () => {
    if (!pending) {
      const fetched = provider()
      pending = fetched
      fetched.then(
        (c) => {
          const refreshAt = c.expiration ? c.expiration.getTime() - 5 * 60_000 : Infinity
          if (refreshAt !== Infinity)
            setTimeout(
              () => pending === fetched && (pending = undefined),
              Math.max(0, refreshAt - Date.now()),
            ).unref()
        },
        () => pending === fetched && (pending = undefined),
      )
    }
    return pending
  }
}
