// The RBAC objects the lab installs by itself: kube-apiserver's bootstrap policy in every cluster it
// serves, and Meshpane's least-privilege role (the deploy base's) for the identity of its kubeconfig.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { findByKind } from '../resources'
import type { Store } from '../store'
import type { KubeObject } from '../types'

const load = (file: string): KubeObject[] =>
  [parse(readFileSync(join(__dirname, file), 'utf8'), { merge: true })].flat()

/** The user Meshpane's kubeconfig authenticates as, bound to ClusterRole `meshpane`. */
export const MESHPANE_USER = 'meshpane'
/** The role an install of Meshpane applies (the deploy base's own file), bound to MESHPANE_USER. */
export const MESHPANE_POLICY = [
  ...load('../../../deploy/base/rbac/clusterrole.yaml'),
  ...load('meshpane-binding.yaml'),
]

export function createBootstrapPolicy(store: Store) {
  for (const o of load('bootstrap-policy.yaml'))
    store.create(findByKind(o.apiVersion ?? '', o.kind ?? '')!, o)
}
