'use client'

import { useSources } from '@/components/queries'
import { Badge } from '@/components/ui/Badge'
import { EmptyState } from '@/components/ui/EmptyState'
import { ErrorState } from '@/components/ui/ErrorState'
import { SkeletonRows } from '@/components/ui/Skeleton'
import { Table, TBody, THead, Td, Th, Tr } from '@/components/ui/Table'
import { sourceStatusTone } from '@/components/ui/tones'
import { formatLatency } from '@/lib/format'
import type { SourceList } from '@/lib/schemas'

export function SourceTable({ initial }: { initial?: SourceList }) {
  const { data, error, isPending, refetch } = useSources(initial)
  if (isPending) return <SkeletonRows label="sources" />
  if (error)
    return (
      <ErrorState title="Could not load sources" error={error} onRetry={() => void refetch()} />
    )
  if (data.items.length === 0)
    return (
      <EmptyState title="No kube contexts configured — set KUBECONFIG or MESHPANE_CONFIG">
        Every context of the kubeconfig becomes a source; MESHPANE_CONFIG can name the ones to use.
      </EmptyState>
    )
  return (
    <Table label="Sources">
      <THead>
        <tr>
          <Th>Name</Th>
          <Th>Kind</Th>
          <Th>Status</Th>
          <Th className="text-right">Latency</Th>
          <Th>Error</Th>
        </tr>
      </THead>
      <TBody>
        {data.items.map((source) => (
          <Tr key={source.id} data-testid={`source-${source.name}`}>
            <Td className="font-medium text-slate-900">
              {source.name}
              {source.endpoint && (
                <div className="text-xs font-normal text-slate-500">{source.endpoint}</div>
              )}
            </Td>
            <Td className="text-slate-600">{source.kind}</Td>
            <Td>
              <Badge tone={sourceStatusTone[source.status]}>{source.status}</Badge>
            </Td>
            <Td className="text-right text-slate-600 tabular-nums">
              {formatLatency(source.latencyMs)}
            </Td>
            <Td className="max-w-md text-sm break-words text-bad">{source.error}</Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  )
}
