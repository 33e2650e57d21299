'use client'

import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { ChangeFeed } from './ChangeFeed'
import { ChangeFilterForm } from './ChangeFilterForm'
import { filtersFromParams, paramsFromFilters, type ChangeFilters } from './filters'
import { EmptyState } from '@/components/ui/EmptyState'
import { PageHeader } from '@/components/ui/PageHeader'

/** Every attempt to change a split, newest first and live; the filters live in the URL, so a view can be shared. */
export function ChangesPage() {
  const params = useSearchParams()
  const router = useRouter()
  const pathname = usePathname()
  const filters = filtersFromParams(new URLSearchParams(params))
  const query = paramsFromFilters(filters).toString()

  const show = (next: ChangeFilters) => {
    const nextQuery = paramsFromFilters(next).toString()
    router.replace(nextQuery ? `${pathname}?${nextQuery}` : pathname, { scroll: false })
  }

  return (
    <div className="space-y-6">
      <PageHeader crumbs={[{ label: 'Overview', href: '/' }, { label: 'Changes' }]} title="Changes">
        <span>
          Every attempt to change a split through Meshpane, from the console or the API, whatever
          became of it.
        </span>
      </PageHeader>
      <ChangeFilterForm key={query} filters={filters} onChange={show} />
      <ChangeFeed
        label="Changes"
        filters={filters}
        limit={50}
        withService
        empty={
          <EmptyState title={query ? 'No changes match these filters' : 'No changes yet'}>
            {query
              ? 'Try a longer time range or fewer filters.'
              : 'Each split applied, refused or reverted through Meshpane shows up here.'}
          </EmptyState>
        }
      />
    </div>
  )
}
