import 'server-only'
import { z } from 'zod'
import { problemsByConcern, type Rejected } from '@/server/adapters/problems'
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

/**
 * The problems of skipped objects by the hosts (FQDNs) they name: `of` a service's hosts (its own
 * and its destinations') gives those that concern it.
 */
export const problemsByHost = (rejected: readonly Rejected[]) =>
  problemsByConcern(rejected, (raw) => {
    const { metadata, spec } = Hosts.parse(raw)
    const named = [...spec.hosts, ...(spec.host ? [spec.host] : [])]
    return named.map((h) => fqdn(h, metadata.namespace))
  })
