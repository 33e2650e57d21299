'use client'

import { useQuery, type QueryClient } from '@tanstack/react-query'

/**
 * When this browser applied a split to a service (epoch ms), to mark on the charts' time axis.
 * Client-side only, kept in the react-query cache for the session: changes made elsewhere (kubectl,
 * another operator) need the server's audit trail, which a later issue adds.
 */
const appliedKey = (serviceId: string) => ['split-applied', serviceId] as const

export function recordApplied(client: QueryClient, serviceId: string, at = Date.now()) {
  client.setQueryData<number[]>(appliedKey(serviceId), (times = []) => [...times, at])
}

export const useAppliedChanges = (serviceId: string): number[] =>
  useQuery({
    queryKey: appliedKey(serviceId),
    queryFn: () => [] as number[],
    initialData: [],
    enabled: false,
    staleTime: Infinity,
    gcTime: Infinity,
  }).data
