'use client'

import Link from 'next/link'
import { EmptyState } from '@/components/ui/EmptyState'
import { ErrorState } from '@/components/ui/ErrorState'
import { PageHeader } from '@/components/ui/PageHeader'
import { SkeletonRows } from '@/components/ui/Skeleton'
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/Table'
import { useRollouts } from './queries'
import { RolloutStateBadge } from './RolloutStateBadge'
import { stepText } from './RolloutSummary'

/** Every rollout across clusters and accounts, newest first, with its state: the one view of them all. */
export function RolloutsPage() {
  const rollouts = useRollouts()
  return (
    <div className="space-y-6">
      <PageHeader crumbs={[]} title="Rollouts" />
      {rollouts.isPending && <SkeletonRows label="rollouts" />}
      {rollouts.error && (
        <ErrorState
          title="Could not load the rollouts"
          error={rollouts.error}
          onRetry={() => void rollouts.refetch()}
        />
      )}
      {rollouts.data?.items.length === 0 && (
        <EmptyState title="No rollouts yet">Start one from a service&apos;s page.</EmptyState>
      )}
      {rollouts.data && rollouts.data.items.length > 0 && (
        <Table label="Rollouts">
          <THead>
            <tr>
              <Th>Service</Th>
              <Th>Source</Th>
              <Th>Canary</Th>
              <Th>State</Th>
              <Th>Where</Th>
              <Th>Started</Th>
            </tr>
          </THead>
          <TBody>
            {rollouts.data.items.map((r) => (
              <Tr key={r.id}>
                <Td>
                  <Link
                    href={`/services/${r.serviceId}`}
                    className="font-medium text-brand hover:underline focus-visible:outline-2 focus-visible:outline-brand"
                  >
                    {r.service.namespace}/{r.service.name}
                  </Link>
                </Td>
                <Td>
                  {r.service.source} <span className="text-slate-500">({r.service.meshKind})</span>
                </Td>
                <Td>
                  {r.plan.canary} over {r.plan.primary}
                </Td>
                <Td>
                  <RolloutStateBadge state={r.state} title={r.pause?.message} />
                </Td>
                <Td>{stepText(r)}</Td>
                <Td className="text-slate-500">
                  <time dateTime={r.createdAt}>{new Date(r.createdAt).toLocaleString()}</time> by{' '}
                  {r.startedBy.user}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  )
}
