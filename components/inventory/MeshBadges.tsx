import { Badge } from '@/components/ui/Badge'
import { endOfSupportSentence } from '@/lib/format'
import type { Mesh } from '@/lib/schemas'

/** Short warnings about a mesh (archived API, App Mesh end of support, shared mesh) for tables and headers. */
export function MeshBadges({ mesh }: { mesh: Mesh }) {
  return (
    <span className="inline-flex flex-wrap gap-1.5">
      {mesh.deprecated && !mesh.aws && (
        <Badge tone="warn" title={mesh.deprecated}>
          {mesh.kind === 'smi' ? 'archived API' : 'deprecated'}
        </Badge>
      )}
      {mesh.aws && (
        <Badge tone="warn" title={endOfSupportSentence(mesh.aws.endOfSupport)}>
          end of support {mesh.aws.endOfSupport}
        </Badge>
      )}
      {mesh.aws?.shared && (
        <Badge
          tone="neutral"
          title={`Owned by account ${mesh.aws.meshOwner}, shared through AWS RAM`}
        >
          shared
        </Badge>
      )}
    </span>
  )
}
