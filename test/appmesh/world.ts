import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { AppMeshClient, DescribeRouteCommand, UpdateRouteCommand } from '@aws-sdk/client-app-mesh'
import { fromIni } from '@aws-sdk/credential-providers'
import { AwsConfig } from '@/server/config/aws'
import { startLabProcess, type LabProcess } from '@/server/fixtures/lab-process'
import { awsSources, type AwsSource } from '@/server/sources/aws'

export type DemoLab = LabProcess & {
  /** The App Mesh (and STS) endpoint. */
  endpoint: string
  /** The `aws` section of the Meshpane config the lab wrote (paths relative to its folder). */
  config: {
    configFile: string
    credentialsFile: string
    endpoint: string
    accounts: { profile: string; regions: string[]; roleArn?: string }[]
  }
  /** An account's long-term key, read from the credentials file the lab wrote. */
  credentials(account: string): ReturnType<typeof fromIni>
}

/** The demo scenario's lab in its own process, reached like AWS: by its endpoint and the files it wrote. */
export async function startDemoLab(): Promise<DemoLab> {
  const lab = await startLabProcess()
  const config = (JSON.parse(fs.readFileSync(lab.configPath, 'utf8')) as { aws: DemoLab['config'] })
    .aws
  return {
    ...lab,
    endpoint: lab.info.aws!.endpoint,
    config,
    credentials: (account) =>
      fromIni({
        profile: account,
        filepath: path.join(lab.dir, config.credentialsFile),
        configFilepath: path.join(lab.dir, config.configFile),
      }),
  }
}

/** Meshpane's AWS sources for the lab, configured the way the lab's meshpane.json configures them. */
export function sourcesFor(lab: DemoLab, accounts = lab.config.accounts): AwsSource[] {
  return awsSources(
    AwsConfig.parse({
      ...lab.config,
      accounts,
      configFile: path.join(lab.dir, lab.config.configFile),
      credentialsFile: path.join(lab.dir, lab.config.credentialsFile),
    }),
  )
}

/** The tags CloudFormation puts on every resource of a stack, `aws:cloudformation:<name>`. */
const STACK_TAGS = ['stack-name', 'stack-id', 'logical-id'] as const
const stackTag = (name: string) => `aws:cloudformation:${name}`

/**
 * Reads and touches one route directly through the lab's App Mesh API, as another operator would,
 * and tags it as CloudFormation would.
 */
export function routeHandle(
  lab: DemoLab,
  account: string,
  region: string,
  key: { meshName: string; virtualRouterName: string; routeName: string; meshOwner?: string },
) {
  const client = new AppMeshClient({
    endpoint: lab.endpoint,
    region,
    credentials: lab.credentials(account),
  })
  const read = async () => (await client.send(new DescribeRouteCommand(key))).route!
  const arn = async () => (await read()).metadata!.arn!
  // aws: keys are AWS's alone, so these go through the lab's stand-in for AWS itself.
  const asAws = async (operation: 'tag' | 'untag' | 'race', body?: unknown) => {
    const url = `${lab.endpoint}/_lab/${operation}?resourceArn=${encodeURIComponent(await arn())}`
    const res = await fetch(url, { method: 'PUT', body: JSON.stringify(body ?? {}) })
    if (!res.ok) throw new Error(`the lab refused ${operation} of ${key.routeName}: ${res.status}`)
  }
  return {
    read,
    arn,
    /** An UpdateRoute that changes nothing but the version, like a colleague re-applying the same spec. */
    touch: async () => {
      await client.send(new UpdateRouteCommand({ ...key, spec: (await read()).spec }))
    },
    /** The route taken into CloudFormation stack `stack`, tagged as CloudFormation tags what it manages. */
    own: async (stack = `${key.meshName}-routing`) => {
      const account = (await read()).metadata!.resourceOwner
      const value: Record<(typeof STACK_TAGS)[number], string> = {
        'stack-name': stack,
        'stack-id': `arn:aws:cloudformation:${region}:${account}:stack/${stack}/${randomUUID()}`,
        'logical-id': 'Route',
      }
      await asAws('tag', { tags: STACK_TAGS.map((k) => ({ key: stackTag(k), value: value[k] })) })
    },
    /** The route let go by its stack: its CloudFormation tags removed. */
    disown: () => asAws('untag', { tagKeys: STACK_TAGS.map(stackTag) }),
    /** Someone else's UpdateRoute will land just before the next one (in a writer's blind gap). */
    race: () => asAws('race'),
    client,
  }
}
