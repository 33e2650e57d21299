import 'server-only'
import type { MeshKind } from '@/lib/schemas'
import type { MeshAdapter } from './contract'
import { istioAdapter } from './istio'

/** The one list of mesh adapters: adding a mesh kind is one folder and one line here. */
export const adapters: readonly MeshAdapter[] = [istioAdapter]

export const adapterFor = (kind: MeshKind): MeshAdapter | undefined =>
  adapters.find((a) => a.kind === kind)
