import 'server-only'
import { z } from 'zod'
import type { Problem } from '@/lib/schemas'
import type { Rejected } from '@/server/adapters/problems'
import { fqdn } from './hosts'

/** The hosts of a VirtualService (`hosts`) or DestinationRule (`host`), read as far as they can be. */
const Hosts = z
  .looseObject({
    metadata: z
      .looseObject({ namespace: z.string().catch('default') })
      .catch({ namespace: 'default' }),
    spec: z
      .looseObject({
        hosts: z.array(z.string()).catch([]),
        host: z.string().optional().catch(undefined),
      })
      .catch({ hosts: [] }),
  })
  .catch({ metadata: { namespace: 'default' }, spec: { hosts: [] } })

/** The problems of skipped objects naming one of `hosts` (FQDNs: a service's and its destinations'). */
export function problemsAbout(
  rejected: readonly Rejected[],
  hosts: ReadonlySet<string>,
): Problem[] {
  return rejected.flatMap(({ raw, problem }) => {
    const { metadata, spec } = Hosts.parse(raw)
    const named = [...spec.hosts, ...(spec.host ? [spec.host] : [])]
    return named.some((h) => hosts.has(fqdn(h, metadata.namespace))) ? [problem] : []
  })
}
