import type { ReactNode } from 'react'
import { PageHeader, Section } from '@/components/ui/PageHeader'

/** The overview's frame; the page streams each table into it as its sources answer. */
export function Overview({ sources, meshes }: { sources: ReactNode; meshes: ReactNode }) {
  return (
    <div className="space-y-8">
      <PageHeader crumbs={[{ label: 'Overview' }]} title="Overview">
        Every kube context and every AWS account × region is a source; every mesh found in them is
        listed below, kept current as the clusters change.
      </PageHeader>
      <Section title="Sources">{sources}</Section>
      <Section title="Meshes">{meshes}</Section>
    </div>
  )
}
