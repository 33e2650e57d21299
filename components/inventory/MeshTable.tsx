'use client'

import Link from 'next/link'
import { MeshBadges } from './MeshBadges'
import { useMeshes } from '@/components/queries'
import { EmptyState } from '@/components/ui/EmptyState'
import { ErrorState } from '@/components/ui/ErrorState'
import { SkeletonRows } from '@/components/ui/Skeleton'
import { SourceErrors } from '@/components/ui/SourceErrors'
import { Table, TBody, THead, Td, Th, Tr } from '@/components/ui/Table'
import { awsPlacement } from '@/lib/format'
import type { MeshList } from '@/lib/schemas'

export function MeshTable({ initial }: { initial?: MeshList }) {
  const { data, error, isPending, refetch } = useMeshes(initial)
  if (isPending) return <SkeletonRows label="meshes" />
  if (error)
    return <ErrorState title="Could not load meshes" error={error} onRetry={() => void refetch()} />
  return (
    <div className="space-y-3">
      <SourceErrors errors={data.errors} />
      {data.items.length === 0 ? (
        <EmptyState title="No meshes found">
          No reachable source runs a mesh Meshpane knows.
        </EmptyState>
      ) : (
        <Table label="Meshes">
          <THead>
            <tr>
              <Th>Name</Th>
              <Th>Kind</Th>
              <Th>Version</Th>
              <Th>Cluster or account</Th>
              <Th>mTLS</Th>
              <Th>Notices</Th>
            </tr>
          </THead>
          <TBody>
            {data.items.map((mesh) => (
              <Tr key={mesh.id}>
                <Td>
                  <Link
                    href={`/meshes/${mesh.id}`}
                    className="font-medium text-brand hover:underline focus-visible:outline-2 focus-visible:outline-brand"
                  >
                    {mesh.name}
                  </Link>
                </Td>
                <Td className="whitespace-nowrap text-slate-600">{mesh.kind}</Td>
                <Td className="font-mono text-xs whitespace-nowrap text-slate-700">
                  {mesh.version}
                </Td>
                <Td className="text-slate-600">
                  {mesh.source.name}
                  {mesh.aws && (
                    <div className="text-xs text-slate-500">{awsPlacement(mesh.aws)}</div>
                  )}
                </Td>
                <Td className="text-slate-600">{mesh.mtls}</Td>
                <Td>
                  <MeshBadges mesh={mesh} />
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  )
}
