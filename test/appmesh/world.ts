import path from 'node:path'
import { AppMeshClient, DescribeRouteCommand, UpdateRouteCommand } from '@aws-sdk/client-app-mesh'
import { startDemoAwsLab } from '@/lab/appmesh/test-helpers'
import { AwsConfig } from '@/server/config/aws'
import { awsSources, type AwsSource } from '@/server/sources/aws'

export type DemoLab = Awaited<ReturnType<typeof startDemoAwsLab>>

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

/** Reads and touches one route directly through the lab's App Mesh API, as another operator would. */
export function routeHandle(
  lab: DemoLab,
  account: string,
  region: string,
  key: { meshName: string; virtualRouterName: string; routeName: string; meshOwner?: string },
) {
  const client = new AppMeshClient({
    endpoint: lab.endpoint,
    region,
    credentials: lab.identities.longTerm[account]!,
  })
  const read = async () => (await client.send(new DescribeRouteCommand(key))).route!
  return {
    read,
    /** An UpdateRoute that changes nothing but the version, like a colleague re-applying the same spec. */
    touch: async () => {
      await client.send(new UpdateRouteCommand({ ...key, spec: (await read()).spec }))
    },
    client,
  }
}
