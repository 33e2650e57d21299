// The lab's stored objects as the traffic model reads them: loosely typed specs, listed by kind.
import { findByKind } from '../kube/resources'
import type { Store } from '../kube/store'
import type { KubeObject } from '../kube/types'

/** A native object's spec, read field by field as the mesh would. */
export type Spec = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every stored object of a kind (none when the lab does not know the kind). */
export function listOf(store: Store, apiVersion: string, kind: string): KubeObject[] {
  const t = findByKind(apiVersion, kind)
  return t ? store.list(t) : []
}
