'use client'

import Link from 'next/link'
import { ChangeFeed } from './ChangeFeed'
import { paramsFromFilters } from './filters'
import { EmptyState } from '@/components/ui/EmptyState'
import { Section } from '@/components/ui/PageHeader'

const PAGE = 20

/** The service page's History: its change records, newest first, each applied one revertable. */
export function ServiceHistory({ serviceId }: { serviceId: string }) {
  const filters = { service: serviceId }
  return (
    <Section
      title="History"
      actions={
        <Link
          href={`/changes?${paramsFromFilters(filters)}`}
          className="text-sm text-brand hover:underline focus-visible:outline-2 focus-visible:outline-brand"
        >
          Open in Changes
        </Link>
      }
    >
      <ChangeFeed
        label="History"
        filters={filters}
        limit={PAGE}
        withService={false}
        empty={
          <EmptyState title="No changes to this service yet">
            Splits applied or reverted through Meshpane are listed here, with who and why.
          </EmptyState>
        }
      />
    </Section>
  )
}
