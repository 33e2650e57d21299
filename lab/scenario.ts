// The scenario file format (YAML), validated with zod on load; errors name the offending field.
import { readFileSync } from 'node:fs'
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
    /** The service (same namespace) that calls this one: the source of its traffic in the metrics. */
    caller: name.optional(),
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

export const AccessSchema = z
  .object({
    user: z.string(),
    token: z.string().min(8),
    rules: z.array(
      z
        .object({
          verbs: z.array(z.string()).min(1),
          apiGroups: z.array(z.string()).min(1),
          resources: z.array(z.string()).min(1),
          namespaces: z.array(z.string()).optional(),
        })
        .strict(),
    ),
  })
  .strict()

export const KubeObjectSchema = z
  .object({
    apiVersion: z.string(),
    kind: z.string(),
    metadata: z.looseObject({ name: z.string(), namespace: z.string().optional() }),
  })
  .loose()

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
    meshes: z.array(MeshSchema).default([]),
    namespaces: z.array(NamespaceSchema).default([]),
    services: flatList(ServiceSchema).default([]),
    objects: flatList(KubeObjectSchema).default([]),
    // Extra bearer tokens with their rules; the kubeconfig's own token may do everything.
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
  })
  .strict()
  .superRefine((s, ctx) => {
    const seen = new Set<string>()
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

export class ScenarioError extends Error {}

export function parseScenario(text: string, source = 'scenario'): Scenario {
  let data: unknown
  try {
    data = parse(text, { merge: true })
  } catch (e) {
    throw new ScenarioError(`${source}: not valid YAML: ${(e as Error).message}`)
  }
  const result = ScenarioSchema.safeParse(data)
  if (result.success) return result.data
  const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`)
  throw new ScenarioError(`${source} is invalid:\n${lines.join('\n')}`)
}

export const loadScenario = (path: string) => parseScenario(readFileSync(path, 'utf8'), path)
