'use client'

import { useState } from 'react'
import { ServiceLink } from './ServiceLink'
import { ServiceStateCells } from './ServiceStateCells'
import { ServiceFiguresHeads } from '@/components/metrics/ServiceFigures'
import { useServices } from '@/components/queries'
import { EmptyState } from '@/components/ui/EmptyState'
import { ErrorState } from '@/components/ui/ErrorState'
import { filterFieldClass, filterLabelClass } from '@/components/ui/FilterFields'
import { Pager } from '@/components/ui/Pager'
import { SkeletonRows } from '@/components/ui/Skeleton'
import { Table, TBody, THead, Td, Th, Tr } from '@/components/ui/Table'

/** Rows drawn at once: a mesh of thousands of services stays quick to show and to update. */
const PAGE_SIZE = 50

export function ServiceTable({ meshId }: { meshId: string }) {
  const { data, error, isPending, refetch } = useServices(meshId)
  const [filter, setFilter] = useState('')
  const [page, setPage] = useState(0)
  if (isPending) return <SkeletonRows label="services" />
  if (error)
    return (
      <ErrorState title="Could not load services" error={error} onRetry={() => void refetch()} />
    )
  if (data.items.length === 0)
    return (
      <EmptyState title="No services in this mesh">
        Services with versions to route between show up here.
      </EmptyState>
    )
  const needle = filter.trim().toLowerCase()
  const matching = needle
    ? data.items.filter((s) => `${s.namespace}/${s.name}`.toLowerCase().includes(needle))
    : data.items
  const last = Math.max(0, Math.ceil(matching.length / PAGE_SIZE) - 1)
  const shown = Math.min(page, last)
  const rows = matching.slice(shown * PAGE_SIZE, (shown + 1) * PAGE_SIZE)
  return (
    <div className="space-y-3">
      {data.items.length > PAGE_SIZE && (
        <label className={`${filterLabelClass} block max-w-sm`}>
          Filter services
          <input
            type="search"
            value={filter}
            placeholder="name or namespace"
            onChange={(e) => {
              setFilter(e.target.value)
              setPage(0)
            }}
            maxLength={253}
            className={filterFieldClass}
          />
        </label>
      )}
      {rows.length === 0 ? (
        <EmptyState title="No services match">Try part of the name or the namespace.</EmptyState>
      ) : (
        <Table label="Services">
          <THead>
            <tr>
              <Th>Service</Th>
              <Th>Namespace</Th>
              <Th className="w-2/5">Split</Th>
              <Th>Readiness</Th>
              <ServiceFiguresHeads />
            </tr>
          </THead>
          <TBody>
            {rows.map((service) => (
              <Tr key={service.id}>
                <Td>
                  <ServiceLink service={service} />
                </Td>
                <Td className="text-slate-600">{service.namespace}</Td>
                <ServiceStateCells service={service} />
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {matching.length > PAGE_SIZE && (
        <Pager
          first={shown * PAGE_SIZE + 1}
          shown={rows.length}
          total={matching.length}
          onPrevious={shown > 0 ? () => setPage(shown - 1) : undefined}
          onNext={shown < last ? () => setPage(shown + 1) : undefined}
        />
      )}
    </div>
  )
}
