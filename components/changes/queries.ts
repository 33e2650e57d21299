'use client'

import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query'
import { changeQuery, type ChangeFilters } from './filters'
import { queryKeys, useSplitWritten } from '@/components/queries'
import { api } from '@/lib/api-client'
import type { ChangeRecord, RevertRequest } from '@/lib/schemas'

/** New records show within a few seconds while the tab is visible (pushed updates replace this later). */
const FEED_REFRESH = 5_000

/**
 * Change records newest first, a page of `limit` at a time; "Load older" follows the cursor. A
 * refresh refetches every loaded page from the newest, so a new record shifts the rest down.
 */
export const useChangeFeed = (filters: ChangeFilters, limit: number) =>
  useInfiniteQuery({
    queryKey: [...queryKeys.changes, 'feed', filters, limit],
    queryFn: ({ pageParam }) => api.changes({ ...changeQuery(filters), limit, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor,
    refetchInterval: FEED_REFRESH,
    refetchIntervalInBackground: false,
  })

export const useChange = (changeId: string) =>
  useQuery({
    queryKey: [...queryKeys.changes, 'one', changeId],
    queryFn: () => api.change(changeId),
  })

/** Puts back the split `change` replaced; the new split and the revert's record show everywhere. */
export function useRevertChange(change: ChangeRecord) {
  const written = useSplitWritten(change.serviceId)
  return useMutation({
    mutationFn: (request: RevertRequest) => api.revertChange(change.id, request),
    onSuccess: written,
  })
}
