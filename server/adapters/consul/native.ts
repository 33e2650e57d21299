import 'server-only'
import { z } from 'zod'
import { customResource } from '@/server/adapters/k8s/objects'

/**
 * consul.hashicorp.com/v1alpha1 config entries as consul-k8s syncs them. A ServiceSplitter is
 * named after the service it splits; an empty `service`, `serviceSubset` or `namespace` means the
 * splitter's own (or, for the subset, the resolver's default one).
 */
export const Split = z.looseObject({
  /** Percent, floats with a resolution of .01. */
  weight: z.number().min(0).max(100),
  service: z.string().optional(),
  serviceSubset: z.string().optional(),
  namespace: z.string().optional(),
  partition: z.string().optional(),
})
export type Split = z.infer<typeof Split>

/** Where a split sends requests, every part spelled out (Consul refuses a destination named twice). */
const destinationKey = (s: Split) =>
  [s.serviceSubset, s.service, s.namespace, s.partition].map((p) => p ?? '').join('/')

const Splits = z
  .array(Split)
  .min(1)
  .superRefine((splits, ctx) => {
    // Consul scales weights to hundredths and refuses a splitter whose total is not exactly 100.
    const total = splits.reduce((sum, s) => sum + Math.round(s.weight * 100), 0)
    if (total !== 10_000)
      ctx.addIssue({ code: 'custom', message: `weights must sum to 100, not ${total / 100}` })
    splits.forEach((s, i) => {
      const first = splits.findIndex((o) => destinationKey(o) === destinationKey(s))
      if (first !== i)
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `sends to the same destination as splits.${first}`,
        })
    })
  })

export const ServiceSplitter = customResource('ServiceSplitter', z.looseObject({ splits: Splits }))
export type ServiceSplitter = z.infer<typeof ServiceSplitter>

export const ServiceResolver = customResource(
  'ServiceResolver',
  z.looseObject({
    defaultSubset: z.string().optional(),
    subsets: z.record(z.string(), z.looseObject({ filter: z.string().optional() })).optional(),
  }),
)
export type ServiceResolver = z.infer<typeof ServiceResolver>

/** The service, namespace and subset a split resolves, the splitter's own filling the blanks. */
export function targetOf(split: Split, splitter: ServiceSplitter) {
  return {
    service: split.service || splitter.metadata.name,
    namespace: split.namespace || (splitter.metadata.namespace ?? 'default'),
    subset: split.serviceSubset || undefined,
    partition: split.partition || 'default',
  }
}

/**
 * A split's backend name, after Consul's target names (`<subset>.<service>.<namespace>.<partition>`)
 * with the parts that are the splitter's own left out: `v2` (a subset of the service itself), the
 * service itself, `web-rewrite` (another service), `v1.web-rewrite`, `web.canary` (another namespace).
 */
export function backendName(split: Split, splitter: ServiceSplitter): string {
  const t = targetOf(split, splitter)
  const own = targetOf({ weight: 0 }, splitter)
  if (t.service === own.service && t.namespace === own.namespace && t.partition === own.partition)
    return t.subset ?? t.service
  const place =
    t.partition !== own.partition
      ? [t.namespace, t.partition]
      : t.namespace !== own.namespace
        ? [t.namespace]
        : []
  return [t.subset, t.service, ...place].filter(Boolean).join('.')
}
