'use client'

import { MeshTable } from './MeshTable'
import { SourceTable } from './SourceTable'
import { PageHeader, Section } from '@/components/ui/PageHeader'

export function Overview() {
  return (
    <div className="space-y-8">
      <PageHeader crumbs={[{ label: 'Overview' }]} title="Overview">
        Every kube context and every AWS account × region is a source; every mesh found in them is
        listed below. Refreshes every few seconds.
      </PageHeader>
      <Section title="Sources">
        <SourceTable />
      </Section>
      <Section title="Meshes">
        <MeshTable />
      </Section>
    </div>
  )
}
