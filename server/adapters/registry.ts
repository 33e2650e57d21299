import 'server-only'
import type { MeshKind } from '@/lib/schemas'
import type { AnySource } from '@/server/sources/source'
import type { MeshAdapter } from './contract'
import { appMeshAdapter } from './appmesh'
import { gatewayApiAdapter } from './gateway-api'
import { istioAdapter } from './istio'
import { linkerdAdapter } from './linkerd'
import { consulAdapter } from './consul'
import { smiAdapter } from './smi'

/** The one list of mesh adapters: adding a mesh kind is one folder and one line here. */
export const adapters: readonly MeshAdapter<AnySource>[] = [
  istioAdapter,
  linkerdAdapter,
  gatewayApiAdapter,
  smiAdapter,
  consulAdapter,
  appMeshAdapter,
]

export const adapterFor = (kind: MeshKind): MeshAdapter<AnySource> | undefined =>
  adapters.find((a) => a.kind === kind)
