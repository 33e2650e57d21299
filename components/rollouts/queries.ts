'use client'

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, type RolloutActionName } from '@/lib/api-client'
import type { Rollout, RolloutPlan, RolloutState } from '@/lib/schemas'
import { queryKeys } from '@/components/queries'

/** Steps are seconds to minutes apart: every two seconds follows them closely enough. */
const LIVE = 2_000

const rolloutKeys = {
  all: ['rollouts'] as const,
  list: (state?: RolloutState) => ['rollouts', 'list', state ?? 'any'] as const,
  service: (serviceId: string) => ['rollouts', 'service', serviceId] as const,
}

export const useRollouts = (state?: RolloutState) =>
  useQuery({
    queryKey: rolloutKeys.list(state),
    queryFn: () => api.rollouts(state ? { state } : {}),
    refetchInterval: LIVE,
  })

export const useServiceRollouts = (serviceId: string) =>
  useQuery({
    queryKey: rolloutKeys.service(serviceId),
    queryFn: () => api.serviceRollouts(serviceId),
    refetchInterval: LIVE,
  })

/** After a rollout writes, the split, the history and the chart markers are stale too. */
function useRefreshAfterWrite(serviceId: string) {
  const client = useQueryClient()
  return () => {
    void client.invalidateQueries({ queryKey: rolloutKeys.all })
    void client.invalidateQueries({ queryKey: queryKeys.split(serviceId) })
    void client.invalidateQueries({ queryKey: queryKeys.changes })
  }
}

export function useStartRollout(serviceId: string) {
  const refresh = useRefreshAfterWrite(serviceId)
  return useMutation({
    mutationFn: (plan: RolloutPlan) => api.startRollout(serviceId, plan),
    onSettled: refresh,
  })
}

export function useRolloutAction(rollout: Rollout) {
  const refresh = useRefreshAfterWrite(rollout.serviceId)
  return useMutation({
    mutationFn: ({ action, full }: { action: RolloutActionName; full?: boolean }) =>
      api.rolloutAction(rollout.serviceId, rollout.id, action, full ? { full } : {}),
    onSettled: refresh,
  })
}
