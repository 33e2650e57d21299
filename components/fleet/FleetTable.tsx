'use client'

import Link from 'next/link'
import { useState } from 'react'
import type { FleetFilters } from './filters'
import { ServiceLink } from '@/components/inventory/ServiceLink'
import { ServiceStateCells } from '@/components/inventory/ServiceStateCells'
import { ServiceFiguresHeads } from '@/components/metrics/ServiceFigures'
import { useFleetServices } from '@/components/queries'
import { EmptyState } from '@/components/ui/EmptyState'
import { ErrorState } from '@/components/ui/ErrorState'
import { Pager } from '@/components/ui/Pager'
import { SkeletonRows } from '@/components/ui/Skeleton'
import { SourceErrors } from '@/components/ui/SourceErrors'
import { Table, TBody, THead, Td, Th, Tr } from '@/components/ui/Table'
import type { FleetService } from '@/lib/schemas'

/** Rows per page: the DOM stays small however many services the fleet holds. */
export const PAGE_SIZE = 50

/**
 * One page of the fleet's services that match `filters`, with Previous/Next over the API's cursors.
 * Give it a `key` of the filters so paging starts again when they change.
 */
export function FleetTable({ filters }: { filters: FleetFilters }) {
  // The cursor of each page after the first, as the operator paged forward.
  const [cursors, setCursors] = useState<string[]>([])
  const cursor = cursors.at(-1)
  const { data, error, isPending, isPlaceholderData, refetch } = useFleetServices({
    ...filters,
    limit: String(PAGE_SIZE),
    ...(cursor && { cursor }),
  })
  if (isPending) return <SkeletonRows label="services" rows={5} />
  if (error)
    return (
      <ErrorState title="Could not load services" error={error} onRetry={() => void refetch()} />
    )
  const first = cursors.length * PAGE_SIZE + 1
  const filtered = Object.keys(filters).length > 0
  return (
    <div className="space-y-3">
      <SourceErrors errors={data.errors} />
      {data.items.length === 0 ? (
        <EmptyState title={filtered ? 'No services match' : 'No services found'}>
          {filtered
            ? 'Try part of the name, or fewer filters.'
            : 'Services of every mesh Meshpane finds show up here.'}
        </EmptyState>
      ) : (
        <>
          <Table label="Services">
            <THead>
              <tr>
                <Th>Service</Th>
                <Th>Namespace</Th>
                <Th>Source</Th>
                <Th>Mesh</Th>
                <Th className="w-1/4">Split</Th>
                <Th>Readiness</Th>
                <ServiceFiguresHeads />
              </tr>
            </THead>
            <TBody>
              {data.items.map((service) => (
                <FleetRow key={service.id} service={service} />
              ))}
            </TBody>
          </Table>
          <Pager
            first={first}
            shown={data.items.length}
            total={data.total}
            busy={isPlaceholderData}
            onPrevious={cursors.length > 0 ? () => setCursors((c) => c.slice(0, -1)) : undefined}
            onNext={data.nextCursor ? () => setCursors((c) => [...c, data.nextCursor!]) : undefined}
          />
        </>
      )}
    </div>
  )
}

function FleetRow({ service }: { service: FleetService }) {
  return (
    <Tr>
      <Td>
        <ServiceLink service={service} />
      </Td>
      <Td className="text-slate-600">{service.namespace}</Td>
      <Td className="text-slate-600">{service.source.name}</Td>
      <Td>
        <Link
          href={`/meshes/${service.meshId}`}
          className="text-slate-600 hover:underline focus-visible:outline-2 focus-visible:outline-brand"
        >
          {service.meshKind}
          {service.meshName !== service.meshKind && ` · ${service.meshName}`}
        </Link>
      </Td>
      <ServiceStateCells service={service} />
    </Tr>
  )
}
