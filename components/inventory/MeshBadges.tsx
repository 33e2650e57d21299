import { Badge } from '@/components/ui/Badge'
import { endOfSupportSentence } from '@/lib/format'
import type { Mesh } from '@/lib/schemas'

/** Short warnings about a mesh (archived API, App Mesh end of support, shared mesh) for tables and headers. */
export function MeshBadges({ mesh }: { mesh: Mesh }) {
  return (
    <span className="inline-flex flex-wrap gap-1.5">
      {mesh.deprecated && !mesh.aws && (
        <span title={mesh.deprecated}>
          <Badge tone="warn">{mesh.kind === 'smi' ? 'archived API' : 'deprecated'}</Badge>
        </span>
      )}
      {mesh.aws && (
        <span title={endOfSupportSentence(mesh.aws.endOfSupport)}>
          <Badge tone="warn">end of support {mesh.aws.endOfSupport}</Badge>
        </span>
      )}
      {mesh.aws?.shared && (
        <span title={`Owned by account ${mesh.aws.meshOwner}, shared through AWS RAM`}>
          <Badge tone="neutral">shared</Badge>
        </span>
      )}
    </span>
  )
}
