'use client'

import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { FleetFilterForm } from './FleetFilterForm'
import { FleetTable } from './FleetTable'
import { filtersFromParams, paramsFromFilters, type FleetFilters } from './filters'
import { PageHeader } from '@/components/ui/PageHeader'

/** Every service of the fleet, searchable and filtered; the filters live in the URL, so a view can be shared. */
export function FleetPage() {
  const params = useSearchParams()
  const router = useRouter()
  const pathname = usePathname()
  const filters = filtersFromParams(new URLSearchParams(params))
  const query = paramsFromFilters(filters).toString()

  const show = (next: FleetFilters) => {
    const nextQuery = paramsFromFilters(next).toString()
    router.replace(nextQuery ? `${pathname}?${nextQuery}` : pathname, { scroll: false })
  }

  return (
    <div className="space-y-6">
      <PageHeader
        crumbs={[{ label: 'Overview', href: '/' }, { label: 'Services' }]}
        title="Services"
      >
        <span>Every service of every mesh, cluster and AWS account Meshpane can see.</span>
      </PageHeader>
      <FleetFilterForm
        key={paramsFromFilters({ ...filters, q: undefined }).toString()}
        filters={filters}
        onChange={show}
      />
      <FleetTable key={query} filters={filters} />
    </div>
  )
}
