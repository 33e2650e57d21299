import 'server-only'
import type { TrafficSplit } from '@/lib/schemas'
import type { NativeRead } from '@/server/adapters/contract'
import type { KubeObject } from './objects'
import { ownerOf } from './ownership'
import { objectRef } from './preview'

/** A read of the Kubernetes object Meshpane writes: its split, its name, its owner if any. */
export function kubeRead<O extends KubeObject, N>(
  object: O,
  split: TrafficSplit,
  native: N,
): NativeRead<N> {
  const owner = ownerOf(object.metadata)
  return { split, object: objectRef(object), ...(owner && { owner }), native }
}
