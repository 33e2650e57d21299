'use client'

import { useMesh } from '@/components/queries'
import { Warning } from '@/components/ui/Warning'
import { APPMESH_MIGRATION_TARGETS, endOfSupportSentence } from '@/lib/format'
import type { Mesh } from '@/lib/schemas'

/**
 * What the operator should know about a mesh before changing it: an archived API (a service's own
 * notice, when given, says it more precisely), App Mesh's end of support.
 */
export function MeshNotices({
  mesh,
  deprecated = mesh.deprecated,
}: {
  mesh: Mesh
  deprecated?: string
}) {
  return (
    <>
      {/* App Mesh's deprecation is the end-of-support notice below, with its links. */}
      {deprecated && !mesh.aws && <Warning>{deprecated}</Warning>}
      {mesh.aws && (
        <Warning>
          {endOfSupportSentence(mesh.aws.endOfSupport)}. Plan the move of this mesh to{' '}
          {APPMESH_MIGRATION_TARGETS.map((t, i) => (
            <span key={t.name}>
              {i > 0 && ' or '}
              <a href={t.href} className="font-medium underline" target="_blank" rel="noreferrer">
                {t.name}
              </a>
            </span>
          ))}
          .
        </Warning>
      )}
    </>
  )
}

/** The notices of a service's mesh, on the service page (the mesh is fetched by id, shared with the breadcrumb). */
export function MeshNoticesOf({ meshId, deprecated }: { meshId: string; deprecated?: string }) {
  const { data } = useMesh(meshId)
  return data ? <MeshNotices mesh={data} deprecated={deprecated ?? data.deprecated} /> : null
}
