'use client'

import { MeshBadges } from './MeshBadges'
import { MeshFacts } from './MeshFacts'
import { MeshNotices } from './MeshNotices'
import { ServiceTable } from './ServiceTable'
import { SkippedObjects } from './SkippedObjects'
import { useMesh, useServices } from '@/components/queries'
import { ErrorState } from '@/components/ui/ErrorState'
import { PageHeader, Section } from '@/components/ui/PageHeader'
import { Skeleton } from '@/components/ui/Skeleton'
import { Warning } from '@/components/ui/Warning'
import { meshLabel } from '@/lib/format'

export function MeshDetails({ meshId }: { meshId: string }) {
  const { data: mesh, error, isPending, refetch } = useMesh(meshId)
  // The same query as the table's (one request): the objects its listing skipped, and whether the
  // signed-in person sees only the namespaces they may read.
  const services = useServices(meshId).data
  const problems = services?.problems ?? []
  const crumbs = [{ label: 'Overview', href: '/' }, { label: mesh ? meshLabel(mesh) : 'Mesh' }]
  return (
    <div className="space-y-8">
      {isPending ? (
        <PageHeader crumbs={crumbs} title={<Skeleton className="h-8 w-48" />} />
      ) : error ? (
        <>
          <PageHeader crumbs={crumbs} title="Mesh" />
          <ErrorState
            title="Could not load this mesh"
            error={error}
            onRetry={() => void refetch()}
          />
        </>
      ) : (
        <>
          <PageHeader crumbs={crumbs} title={meshLabel(mesh)}>
            <MeshFacts mesh={mesh} />
            <MeshBadges mesh={mesh} />
          </PageHeader>
          <MeshNotices mesh={mesh} />
        </>
      )}
      <Section title="Services">
        {services?.partial && <Warning label="Partial view">{services.partial}</Warning>}
        {services?.stale && <Warning label="Last-known state">{services.stale}</Warning>}
        <SkippedObjects problems={problems} of="mesh" />
        <ServiceTable meshId={meshId} />
      </Section>
    </div>
  )
}
