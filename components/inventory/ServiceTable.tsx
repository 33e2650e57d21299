'use client'

import { BackendsReadiness } from './Readiness'
import { ServiceLink } from './ServiceLink'
import { ServiceFigures, ServiceFiguresHeads } from '@/components/metrics/ServiceFigures'
import { useServices } from '@/components/queries'
import { SplitBar } from '@/components/split/SplitBar'
import { EmptyState } from '@/components/ui/EmptyState'
import { ErrorState } from '@/components/ui/ErrorState'
import { SkeletonRows } from '@/components/ui/Skeleton'
import { Table, TBody, THead, Td, Th, Tr } from '@/components/ui/Table'

export function ServiceTable({ meshId }: { meshId: string }) {
  const { data, error, isPending, refetch } = useServices(meshId)
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
  return (
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
        {data.items.map((service) => {
          return (
            <Tr key={service.id}>
              <Td>
                <ServiceLink service={service} />
              </Td>
              <Td className="text-slate-600">{service.namespace}</Td>
              <Td>
                <SplitBar backends={service.backends} />
              </Td>
              <Td>
                <BackendsReadiness backends={service.backends} />
              </Td>
              <ServiceFigures service={service} />
            </Tr>
          )
        })}
      </TBody>
    </Table>
  )
}
