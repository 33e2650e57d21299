// The scenario file format (YAML), validated with zod on load; errors name the offending field.
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parse } from 'yaml'
import { z } from 'zod'

const labels = z.record(z.string(), z.string())
const name = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS-1123 label')
// Lists may nest (YAML aliases of shared lists): they are flattened before validation.
const flatList = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (Array.isArray(v) ? v.flat(Infinity) : v), z.array(item))

/** How a version behaves under the traffic model (issue 5): all optional. */
export const BehaviourSchema = z
  .object({
    errorRate: z.number().min(0).max(1).optional(),
    latencyMs: z
      .object({ p50: z.number().positive(), p99: z.number().positive() })
      .strict()
      .optional(),
  })
  .strict()

export const VersionSchema = z
  .object({
    name,
    replicas: z.number().int().min(0).default(1),
    ready: z.boolean().default(true),
    labels: labels.default({}),
    behaviour: BehaviourSchema.optional(),
  })
  .strict()

export const ServiceSchema = z
  .object({
    name,
    namespace: name,
    port: z.number().int().min(1).max(65535).default(9080),
    labels: labels.default({}),
    /**
     * The service (same namespace) that calls this one, or several sharing its load: the sources
     * of its traffic in the metrics.
     */
    caller: z.union([name, z.array(name).min(1).max(16)]).optional(),
    /** Requests per second it receives in the traffic model (default 50). */
    rps: z.number().positive().optional(),
    versions: z.array(VersionSchema).min(1),
  })
  .strict()

export const MeshSchema = z
  .object({
    kind: z.string(),
    version: z.string(),
    revision: z.string().default('default'),
    namespace: name.optional(),
  })
  .strict()

/** A bearer token of one cluster and the user and groups it authenticates; RBAC decides the rest. */
export const AccessSchema = z
  .object({
    user: z.string().min(1),
    token: z.string().min(8),
    groups: z.array(z.string().min(1)).default([]),
  })
  .strict()

/** A person of the lab's OpenID Connect provider, who signs in with a password. */
export const PersonSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9._-]*$/, 'must be a lower-case user name'),
    password: z.string().min(1),
    groups: z.array(z.string().min(1)).default([]),
    email: z.email().optional(),
    fullName: z.string().optional(),
  })
  .strict()

export const KubeObjectSchema = z
  .object({
    apiVersion: z.string(),
    kind: z.string(),
    metadata: z.looseObject({ name: z.string(), namespace: z.string().optional() }),
  })
  .loose()

const ClusterRbacSchema = KubeObjectSchema.refine(
  (o) =>
    o.apiVersion === 'rbac.authorization.k8s.io/v1' &&
    (o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding'),
  'must be an rbac.authorization.k8s.io/v1 ClusterRole or ClusterRoleBinding',
)

export const NamespaceSchema = z.union([
  name.transform((n) => ({ name: n, labels: {} as Record<string, string> })),
  z.object({ name, labels: labels.default({}) }).strict(),
])

export const ClusterSchema = z
  .object({
    name,
    kubernetesVersion: z
      .string()
      .regex(/^v\d+\.\d+\.\d+/)
      .default('v1.32.0'),
    // How long the API server keeps an idle keep-alive connection before closing it (Node's default).
    idleTimeoutMs: z.number().int().positive().default(5000),
    meshes: z.array(MeshSchema).default([]),
    namespaces: z.array(NamespaceSchema).default([]),
    services: flatList(ServiceSchema).default([]),
    objects: flatList(KubeObjectSchema).default([]),
    // Extra bearer tokens; the kubeconfig's own token is in system:masters (cluster-admin).
    access: z.array(AccessSchema).default([]),
  })
  .strict()

export const ScenarioSchema = z
  .object({
    description: z.string().optional(),
    // Anchors for YAML aliases live here; the lab ignores the content.
    shared: z.unknown().optional(),
    clusters: z.array(ClusterSchema).min(1),
    // The AWS App Mesh world (accounts, regions, meshes), checked by lab/appmesh/scenario.ts.
    aws: z.unknown().optional(),
    // The people of the lab's OpenID Connect provider.
    people: z.array(PersonSchema).default([]),
    // ClusterRoles and ClusterRoleBindings every cluster holds, as one GitOps repository would push
    // them everywhere; namespaced RBAC objects belong to a cluster's objects.
    rbac: flatList(ClusterRbacSchema).default([]),
    // Other scenario files (paths relative to this one) whose clusters and aws: section join this
    // world; resolved by loadScenario, so a parsed scenario has none left.
    include: z.never({ error: 'is resolved when the scenario is loaded from a file' }).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const seen = new Set<string>()
    const names = s.people.map((p) => p.name)
    s.people.forEach((p, i) => {
      if (names.indexOf(p.name) !== i)
        ctx.addIssue({
          code: 'custom',
          path: ['people', i, 'name'],
          message: `duplicate person "${p.name}"`,
        })
    })
    s.clusters.forEach((c, i) => {
      if (seen.has(c.name))
        ctx.addIssue({
          code: 'custom',
          path: ['clusters', i, 'name'],
          message: `duplicate cluster name "${c.name}"`,
        })
      seen.add(c.name)
    })
  })

export type Scenario = z.infer<typeof ScenarioSchema>
export type ClusterSpec = z.infer<typeof ClusterSchema>
export type ServiceSpec = z.infer<typeof ServiceSchema>
export type MeshSpec = z.infer<typeof MeshSchema>
export type Person = z.infer<typeof PersonSchema>

export class ScenarioError extends Error {}

function parseYaml(text: string, source: string): unknown {
  try {
    return parse(text, { merge: true })
  } catch (e) {
    throw new ScenarioError(`${source}: not valid YAML: ${(e as Error).message}`)
  }
}

export const parseScenario = (text: string, source = 'scenario'): Scenario =>
  validate(parseYaml(text, source), source)

function validate(data: unknown, source: string): Scenario {
  const result = ScenarioSchema.safeParse(data)
  if (result.success) return result.data
  const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`)
  throw new ScenarioError(`${source} is invalid:\n${lines.join('\n')}`)
}

export const loadScenario = (path: string): Scenario => validate(withIncludes(path, []), path)

const IncludeSchema = z.array(z.string().min(1))
const WORLD_SECTIONS = ['aws', 'people', 'rbac'] as const
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * The file's data with its `include:` files merged in, depth first: their clusters follow the
 * file's own (names must stay unique), and each world-wide section (aws:, people:, rbac:) may be
 * given by at most one of them all. An included file may hold only some of these.
 */
function withIncludes(path: string, via: string[]): unknown {
  if (via.includes(path)) throw new ScenarioError(`${[...via, path].join(' includes ')}: a cycle`)
  const data = parseYaml(readFileSync(path, 'utf8'), path)
  if (!isRecord(data) || data.include === undefined) return data
  const include = IncludeSchema.safeParse(data.include)
  if (!include.success) throw new ScenarioError(`${path}: include: must be a list of file paths`)
  const clusters = [...clustersOf(data, path)]
  const merged: Record<string, unknown> = { ...data, clusters }
  delete merged.include
  for (const file of include.data) {
    const part = withIncludes(resolve(dirname(path), file), [...via, path])
    if (!isRecord(part)) throw new ScenarioError(`${file} (included by ${path}): not a mapping`)
    clusters.push(...clustersOf(part, file))
    for (const key of WORLD_SECTIONS) {
      if (part[key] === undefined) continue
      if (merged[key] !== undefined)
        throw new ScenarioError(`${path}: ${key}: is given more than once (again in ${file})`)
      merged[key] = part[key]
    }
  }
  return merged
}

function clustersOf(data: Record<string, unknown>, source: string): unknown[] {
  if (data.clusters === undefined) return []
  if (!Array.isArray(data.clusters)) throw new ScenarioError(`${source}: clusters: must be a list`)
  return data.clusters
}
