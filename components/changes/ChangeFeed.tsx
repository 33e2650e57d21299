'use client'

import type { ReactNode } from 'react'
import { ChangeTable } from './ChangeTable'
import type { ChangeFilters } from './filters'
import { useChangeFeed } from './queries'
import { Button } from '@/components/ui/Button'
import { ErrorState } from '@/components/ui/ErrorState'
import { SkeletonRows } from '@/components/ui/Skeleton'
import { Warning } from '@/components/ui/Warning'

/** A live list of change records with its loading, empty and error states, and "Load older". */
export function ChangeFeed({
  label,
  filters,
  limit,
  withService,
  empty,
}: {
  label: string
  filters: ChangeFilters
  limit: number
  withService: boolean
  empty: ReactNode
}) {
  const feed = useChangeFeed(filters, limit)
  if (feed.isPending) return <SkeletonRows label={label.toLowerCase()} />
  if (feed.isError && !feed.data)
    return (
      <ErrorState
        title="Could not load the changes"
        error={feed.error}
        onRetry={() => void feed.refetch()}
      />
    )
  const changes = feed.data.pages.flatMap((p) => p.items)
  if (changes.length === 0) return <>{empty}</>
  return (
    <div className="space-y-3">
      {feed.isRefetchError && (
        <Warning>
          Could not refresh the changes: {feed.error.message}. Showing the last ones.
        </Warning>
      )}
      <ChangeTable
        label={label}
        changes={changes}
        withService={withService}
        now={feed.dataUpdatedAt}
      />
      {feed.hasNextPage && (
        <Button onClick={() => void feed.fetchNextPage()} disabled={feed.isFetchingNextPage}>
          {feed.isFetchingNextPage ? 'Loading older…' : 'Load older'}
        </Button>
      )}
      {feed.isFetchNextPageError && (
        <ErrorState title="Could not load older changes" error={feed.error} />
      )}
    </div>
  )
}
