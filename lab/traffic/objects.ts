// The lab's stored objects as the traffic model reads them: loosely typed specs, listed by kind.
import { findByKind } from '../kube/resources'
import type { Store } from '../kube/store'
import type { KubeObject } from '../kube/types'

/** A native object's spec, read field by field as the mesh would. */
export type Spec = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const key = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`

/**
 * Every stored object of a kind (none when the lab does not know the kind), sorted by namespace
 * and name; the stored objects themselves, read every tick, so never to be changed.
 */
export function listOf(store: Store, apiVersion: string, kind: string): KubeObject[] {
  const t = findByKind(apiVersion, kind)
  if (!t) return []
  return store
    .peekAll(t)
    .map((o) => [key(o), o] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, o]) => o)
}
