import { parseAllDocuments } from 'yaml'
import { z } from 'zod'
import { parseQuantity } from '../lib/native-weights'
import type { SplitBackend } from '../lib/schemas'
import { toPercents } from '../lib/weights'
import { UsageError } from './errors'

/**
 * An SMI TrafficSplit (split.smi-spec.io, any version) as the common language of a split: the
 * root service and the weights of its backends, whatever mesh runs that service.
 */
const SmiTrafficSplit = z.object({
  apiVersion: z.string().regex(/^split\.smi-spec\.io\//, 'must be split.smi-spec.io/<version>'),
  kind: z.literal('TrafficSplit'),
  metadata: z.object({ name: z.string().optional(), namespace: z.string().min(1).optional() }),
  spec: z.object({
    service: z.string().min(1),
    backends: z
      .array(
        z.object({
          service: z.string().min(1),
          // v1alpha2+ relative integers; v1alpha1 quantities such as `500m`.
          weight: z.union([z.number().nonnegative(), z.string()]),
        }),
      )
      .min(1),
  }),
})

export type SmiSplit = {
  /** Where the document came from, for messages: `split.yaml` or `split.yaml (document 2)`. */
  origin: string
  namespace?: string
  /** The root service's name: an FQDN (`reviews.bookinfo.svc.cluster.local`) is cut to its name. */
  service: string
  /** SMI backend services and their weights as percents summing to 100. */
  backends: SplitBackend[]
}

/** Every TrafficSplit of a YAML stream (`---` separated); anything else in it is refused by name. */
export function parseSmiSplits(text: string, file: string): SmiSplit[] {
  const documents = parseAllDocuments(text)
  const splits = documents.flatMap((doc, i) => {
    const origin = documents.length > 1 ? `${file} (document ${i + 1})` : file
    if (doc.errors.length) throw new UsageError(`${origin}: not YAML: ${doc.errors[0]!.message}`)
    const value: unknown = doc.toJS()
    if (value === null || value === undefined) return []
    const parsed = SmiTrafficSplit.safeParse(value)
    if (!parsed.success)
      throw new UsageError(
        `${origin}: not an SMI TrafficSplit: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'document'}: ${i.message}`).join('; ')}`,
      )
    const { metadata, spec } = parsed.data
    const weights = spec.backends.map((b, j) => {
      const weight = typeof b.weight === 'number' ? b.weight : parseQuantity(b.weight)
      if (weight === null || weight < 0)
        throw new UsageError(`${origin}: spec.backends.${j}.weight: "${b.weight}" is no weight`)
      return weight
    })
    if (weights.every((w) => w === 0))
      throw new UsageError(`${origin}: spec.backends: every weight is 0`)
    const percents = toPercents(weights)
    return [
      {
        origin,
        namespace: metadata.namespace,
        service: spec.service.split('.')[0]!,
        backends: spec.backends.map((b, j) => ({ name: b.service, weight: percents[j]! })),
      },
    ]
  })
  if (!splits.length) throw new UsageError(`${file}: holds no TrafficSplit`)
  return splits
}

/**
 * The SMI backends as the service's own backend names, every other backend at 0 (SMI sends
 * nothing to a backend it does not list). An SMI backend is a Kubernetes Service: it names a
 * backend as it is (Linkerd, SMI, Gateway API), or as `<service>-<backend>`, the per-version
 * Service of a subset (`reviews-v2` → Istio subset `v2`).
 */
export function mapBackends(
  split: SmiSplit,
  backends: readonly string[],
): { name: string; weight: number }[] {
  const weights = new Map(backends.map((name) => [name, 0]))
  for (const b of split.backends) {
    const name = [b.name, b.name.replace(`${split.service}-`, '')].find((n) => weights.has(n))
    if (!name)
      throw new UsageError(
        `${split.origin}: backend "${b.name}" is none of ${split.service}'s backends (${backends.join(', ')})`,
      )
    weights.set(name, weights.get(name)! + b.weight)
  }
  return backends.map((name) => ({ name, weight: weights.get(name)! }))
}
