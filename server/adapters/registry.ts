import 'server-only'
import type { MeshKind } from '@/lib/schemas'
import type { AnySource } from '@/server/sources/source'
import type { MeshAdapter } from './contract'
import { appMeshAdapter } from './appmesh'
import { istioAdapter } from './istio'

/** The one list of mesh adapters: adding a mesh kind is one folder and one line here. */
export const adapters: readonly MeshAdapter<AnySource>[] = [istioAdapter, appMeshAdapter]

export const adapterFor = (kind: MeshKind): MeshAdapter<AnySource> | undefined =>
  adapters.find((a) => a.kind === kind)
