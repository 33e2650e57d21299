'use client'

import { MeshNotices } from './MeshNotices'
import { OwnerWarning } from './OwnerWarning'
import { RoutingList } from './RoutingList'
import { SkippedObjects } from './SkippedObjects'
import { ServiceHistory } from '@/components/changes/ServiceHistory'
import { ServiceMetricsSections } from '@/components/metrics/ServiceMetricsSections'
import { useMesh, useService } from '@/components/queries'
import { ServiceRollouts } from '@/components/rollouts/ServiceRollouts'
import { useWriteBlocked } from '@/components/session/write-blocked'
import { SplitEditor } from '@/components/split/SplitEditor'
import { Badge } from '@/components/ui/Badge'
import { ErrorState } from '@/components/ui/ErrorState'
import { PageHeader, Section } from '@/components/ui/PageHeader'
import { Skeleton, SkeletonRows } from '@/components/ui/Skeleton'
import { meshLabel } from '@/lib/format'

export function ServiceDetails({ serviceId }: { serviceId: string }) {
  const service = useService(serviceId)
  const writeBlocked = useWriteBlocked()
  const meshId = service.data?.meshId
  // Fetched once the service has told us which mesh: its name for the breadcrumb, its notices.
  const mesh = useMesh(meshId ?? '', { enabled: meshId !== undefined }).data
  const meshName = mesh && meshLabel(mesh)
  const crumbs = [
    { label: 'Overview', href: '/' },
    ...(meshId ? [{ label: meshName ?? 'Mesh', href: `/meshes/${meshId}` }] : []),
    { label: service.data?.name ?? 'Service' },
  ]

  if (service.isPending)
    return (
      <div className="space-y-8">
        <PageHeader crumbs={crumbs} title={<Skeleton className="h-8 w-48" />} />
        <SkeletonRows label="service" />
      </div>
    )
  if (service.error)
    return (
      <div className="space-y-8">
        <PageHeader crumbs={crumbs} title="Service" />
        <ErrorState
          title="Could not load this service"
          error={service.error}
          onRetry={() => void service.refetch()}
        />
      </div>
    )

  const { data } = service
  return (
    <div className="space-y-8">
      <PageHeader crumbs={crumbs} title={data.name}>
        <span>
          <span className="text-slate-500">Namespace</span>{' '}
          <span className="font-medium text-slate-800">{data.namespace}</span>
        </span>
        <span>
          <span className="text-slate-500">Mesh</span>{' '}
          <span className="font-medium text-slate-800">{meshName ?? data.meshKind}</span>
        </span>
        <span>
          <span className="text-slate-500">Kind</span>{' '}
          <span className="font-medium text-slate-800">{data.meshKind}</span>
        </span>
        {data.deprecated && <Badge tone="warn">deprecated API</Badge>}
      </PageHeader>
      {mesh && <MeshNotices mesh={mesh} />}
      {data.owner && <OwnerWarning owner={data.owner} />}
      <Section title="Traffic split">
        {/* data.id, not the URL's id: a link to a mesh whose routing loses resolves to the winner. */}
        <SplitEditor
          serviceId={data.id}
          backends={data.backends}
          candidates={data.candidates}
          owner={data.owner}
          capabilities={data.capabilities}
          readOnly={writeBlocked}
        />
      </Section>
      <ServiceRollouts
        serviceId={data.id}
        backends={data.backends}
        readOnly={Boolean(writeBlocked)}
      />
      <ServiceMetricsSections serviceId={data.id} backendNames={data.backends.map((b) => b.name)} />
      <ServiceHistory serviceId={data.id} />
      <Section title="Routing">
        <SkippedObjects problems={data.problems ?? []} of="service" />
        <RoutingList routing={data.routing} />
      </Section>
    </div>
  )
}
