import type { z } from 'zod'
import type { AwsScenario } from './scenario'

/**
 * A large `aws:` section for benchmarks: `accounts` accounts × `regions` regions × `meshes` meshes
 * per account and region × `routes` services per mesh (each a router with one route over two nodes).
 */
export function generateAwsScenario(size: {
  accounts: number
  regions: string[]
  meshes: number
  routes: number
  latencyMs: number
}) {
  const accounts = Object.fromEntries(
    Array.from({ length: size.accounts }, (_, a) => [
      `account${a + 1}`,
      { id: String(a + 1).repeat(12), regions: size.regions },
    ]),
  )
  const meshes = Object.keys(accounts).flatMap((account) =>
    size.regions.flatMap((region) =>
      Array.from({ length: size.meshes }, (_, m) => ({
        name: `mesh-${m + 1}`,
        account,
        region,
        services: Array.from({ length: size.routes }, (_, r) => ({
          name: `svc-${r + 1}.mesh-${m + 1}.local`,
          versions: { [`svc-${r + 1}-v1`]: 90, [`svc-${r + 1}-v2`]: 10 },
        })),
      })),
    ),
  )
  return { accounts, meshes, latencyMs: size.latencyMs } satisfies z.input<typeof AwsScenario>
}
