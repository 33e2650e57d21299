'use client'

import { RoutingList } from './RoutingList'
import { useMesh, useService } from '@/components/queries'
import { SplitEditor } from '@/components/split/SplitEditor'
import { ErrorState } from '@/components/ui/ErrorState'
import { PageHeader, Section } from '@/components/ui/PageHeader'
import { Skeleton, SkeletonRows } from '@/components/ui/Skeleton'
import { Warning } from '@/components/ui/Warning'
import { meshLabel } from '@/lib/format'

export function ServiceDetails({ serviceId }: { serviceId: string }) {
  const service = useService(serviceId)
  const meshId = service.data?.meshId
  const mesh = useMeshName(meshId)
  const crumbs = [
    { label: 'Overview', href: '/' },
    ...(meshId ? [{ label: mesh ?? 'Mesh', href: `/meshes/${meshId}` }] : []),
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
          <span className="font-medium text-slate-800">{mesh ?? data.meshKind}</span>
        </span>
        <span>
          <span className="text-slate-500">Kind</span>{' '}
          <span className="font-medium text-slate-800">{data.meshKind}</span>
        </span>
      </PageHeader>
      {data.deprecated && <Warning>{data.deprecated}</Warning>}
      {data.owner && (
        <Warning>
          Managed by {data.owner.manager} ({data.owner.detail}): it may revert a change made here.
        </Warning>
      )}
      <Section title="Traffic split">
        <SplitEditor serviceId={serviceId} backends={data.backends} />
      </Section>
      <Section title="Routing">
        <RoutingList routing={data.routing} />
      </Section>
    </div>
  )
}

/** The mesh's name for the breadcrumb, once the service has told us which mesh. */
function useMeshName(meshId: string | undefined): string | undefined {
  const mesh = useMesh(meshId ?? '', { enabled: meshId !== undefined })
  return mesh.data && meshLabel(mesh.data)
}
