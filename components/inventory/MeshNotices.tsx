'use client'

import { Warning } from '@/components/ui/Warning'
import { APPMESH_MIGRATION_TARGETS, endOfSupportSentence } from '@/lib/format'
import type { Mesh } from '@/lib/schemas'

/**
 * What the operator should know about a mesh before changing it (on the mesh's page and each of its
 * services'): an archived API, App Mesh's end of support.
 */
export function MeshNotices({ mesh }: { mesh: Mesh }) {
  return (
    <>
      {/* App Mesh's deprecation is the end-of-support notice below, with its links. */}
      {mesh.deprecated && !mesh.aws && <Warning>{mesh.deprecated}</Warning>}
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
