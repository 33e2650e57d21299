import 'server-only'
import { ListMeshesCommand, type MeshRef } from '@aws-sdk/client-app-mesh'
import { meshId } from '@/lib/ids'
import { APPMESH_MIGRATION_TARGETS, endOfSupportSentence } from '@/lib/format'
import type { Mesh } from '@/lib/schemas'
import type { AwsSource } from '@/server/sources/aws'
import { awsCall } from '@/server/sources/aws-call'
import { listAll } from './list-all'
import { APPMESH_END_OF_SUPPORT, meshKeyName } from './native'

const endOfSupportNotice = () =>
  `${endOfSupportSentence(APPMESH_END_OF_SUPPORT)}; migrate to ${APPMESH_MIGRATION_TARGETS.map((t) => t.name).join(' or ')}.`

/** The meshes the account sees in the region: its own and those shared with it (meshOwner ≠ account). */
export async function discoverMeshes(source: AwsSource, signal: AbortSignal): Promise<Mesh[]> {
  const [refs, accountId] = await Promise.all([
    listAll<MeshRef>(async (nextToken) => {
      const out = await awsCall(source, signal, (c, o) =>
        c.send(new ListMeshesCommand({ nextToken, limit: 100 }), o),
      )
      return { items: out.meshes, nextToken: out.nextToken }
    }),
    source.accountId(),
  ])
  return refs.map((ref) => {
    const meshOwner = ref.meshOwner!
    return {
      id: meshId({
        source: source.key,
        kind: 'appmesh',
        name: meshKeyName(ref.meshName!, meshOwner),
      }),
      kind: 'appmesh',
      name: ref.meshName!,
      // App Mesh has no control-plane version to show; the mesh's own revision is what changes.
      version: `v${ref.version ?? 1}`,
      source: source.ref,
      mtls: 'unknown',
      deprecated: endOfSupportNotice(),
      aws: {
        region: source.region,
        ...(accountId ? { accountId } : {}),
        meshOwner,
        shared: accountId ? meshOwner !== accountId : false,
        arn: ref.arn!,
        endOfSupport: APPMESH_END_OF_SUPPORT,
      },
    }
  })
}
