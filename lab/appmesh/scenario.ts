import { z } from 'zod'
import { BehaviourSchema } from '../scenario'

/**
 * The optional top-level `aws:` section of a lab scenario: AWS accounts (told apart by their access
 * keys), the regions each one uses, and App Mesh meshes. A service is written in shorthand: either
 * `versions` (a virtual router with one catch-all route splitting over one virtual node per
 * version) or `node` (the virtual node is the provider, no router).
 */
export const AwsFault = z.enum(['none', 'rejected', 'throttled', 'flaky', 'slow'])
export type AwsFault = z.infer<typeof AwsFault>

/** Tags by key; `aws:` keys too, standing for what CloudFormation and other AWS services set. */
const Tags = z.record(z.string().min(1).max(128), z.string().max(256))

const AccountId = z.string().regex(/^\d{12}$/, { error: 'must be a 12-digit AWS account id' })

export const AwsAccountSpec = z.object({
  id: AccountId,
  regions: z.array(z.string()).min(1),
  /** When set, Meshpane reaches the account by assuming this role through (the lab's) STS. */
  roleArn: z.string().optional(),
})
export type AwsAccountSpec = z.infer<typeof AwsAccountSpec>

export const AwsRouteSpec = z
  .object({
    name: z.string(),
    priority: z.number().int().min(0).max(1000).optional(),
    prefix: z.string().default('/'),
    /** Requests carrying this header value go to the targets of this route only. */
    header: z.object({ name: z.string(), exact: z.string() }).optional(),
    targets: z.record(z.string(), z.number().int().min(0).max(100)).optional(),
    /**
     * The route's weighted targets as App Mesh's JSON, stored unchecked: a route in a shape
     * Meshpane does not expect (a target without `virtualNode`), which AWS would have refused to
     * create but a client must still survive reading.
     */
    weightedTargets: z.array(z.record(z.string(), z.unknown())).optional(),
    /** Tags of this route, on top of its service's. */
    tags: Tags.optional(),
  })
  .refine((r) => (r.targets ? !r.weightedTargets : !!r.weightedTargets), {
    error: 'give either targets or weightedTargets',
  })
export type AwsRouteSpec = z.infer<typeof AwsRouteSpec>

export const AwsServiceSpec = z
  .object({
    name: z.string(),
    /** The account that created the service's resources; defaults to the mesh owner. */
    owner: z.string().optional(),
    versions: z.record(z.string(), z.number().int().min(0).max(100)).optional(),
    /** Extra routes on the router, besides the catch-all one built from `versions`. */
    routes: z.array(AwsRouteSpec).optional(),
    node: z.string().optional(),
    /** Virtual nodes of the service that no route targets yet (a version deployed, not routed). */
    nodes: z.array(z.string()).optional(),
    /** Requests per second the service receives in the traffic model (default 50). */
    rps: z.number().positive().optional(),
    /** Tags of every resource the service's shorthand creates (service, router, routes, nodes). */
    tags: Tags.optional(),
  })
  .refine((s) => (s.versions ? !s.node : !!s.node), { error: 'give either versions or node' })
export type AwsServiceSpec = z.infer<typeof AwsServiceSpec>

export const AwsMeshSpec = z.object({
  name: z.string(),
  account: z.string(),
  region: z.string(),
  /** Accounts the mesh is shared with (AWS RAM): they list it, with meshOwner ≠ their account. */
  sharedWith: z.array(z.string()).default([]),
  /** Tags of the mesh resource itself. */
  tags: Tags.optional(),
  services: z.array(AwsServiceSpec).default([]),
  /** How each virtual node answers in the traffic model (error rate, latency), by node name. */
  behaviour: z.record(z.string(), BehaviourSchema).default({}),
})
export type AwsMeshSpec = z.infer<typeof AwsMeshSpec>

export const AwsScenario = z.object({
  accounts: z.record(z.string(), AwsAccountSpec),
  meshes: z.array(AwsMeshSpec).default([]),
  /** Keys are `<account>` or `<account>/<region>`. */
  faults: z.record(z.string(), AwsFault).default({}),
  /** Latency added to every call, like a real regional endpoint's round trip (benchmarks use it). */
  latencyMs: z.number().int().nonnegative().default(0),
})
export type AwsScenario = z.infer<typeof AwsScenario>

/** Parses the `aws:` section and checks that every account it names is declared. */
export function parseAwsScenario(input: unknown): AwsScenario {
  const scenario = AwsScenario.parse(input)
  const known = (name: string, where: string) => {
    if (!scenario.accounts[name])
      throw new Error(`aws scenario: unknown account "${name}" in ${where}`)
  }
  for (const mesh of scenario.meshes) {
    known(mesh.account, `mesh ${mesh.name}`)
    mesh.sharedWith.forEach((a) => known(a, `mesh ${mesh.name}.sharedWith`))
    mesh.services.forEach((s) => s.owner && known(s.owner, `service ${s.name}.owner`))
  }
  for (const key of Object.keys(scenario.faults)) known(key.split('/')[0]!, 'faults')
  return scenario
}
