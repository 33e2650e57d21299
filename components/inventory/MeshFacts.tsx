import { awsPlacement } from '@/lib/format'
import type { Mesh } from '@/lib/schemas'

/** The line of facts under a mesh's title; App Mesh meshes add where they live and who owns them. */
export function MeshFacts({ mesh }: { mesh: Mesh }) {
  const facts: [string, string | undefined][] = [
    ['Kind', mesh.kind],
    ['Version', mesh.version],
    ['Source', mesh.source.name],
    ['AWS', mesh.aws && awsPlacement(mesh.aws)],
    ['Control plane', mesh.controlPlaneNamespace],
    ['Revision', mesh.revision],
    ['mTLS', mesh.mtls],
  ]
  return (
    <dl className="flex flex-wrap gap-x-6 gap-y-1">
      {facts
        .filter(([, value]) => value)
        .map(([term, value]) => (
          <div key={term} className="flex gap-1.5">
            <dt className="text-slate-500">{term}</dt>
            <dd className="font-medium text-slate-800">{value}</dd>
          </div>
        ))}
    </dl>
  )
}
