import 'server-only'
import { stringify } from 'yaml'
import type { ObjectRef, SplitPreview } from '@/lib/schemas'
import type { KubeObject } from './objects'

/** managedFields is server bookkeeping, noise in a diff an operator reads. */
function readable<T extends KubeObject>(o: T): T {
  const metadata = { ...o.metadata }
  delete metadata.managedFields
  return { ...o, metadata }
}

/** How a preview and a write's record name a Kubernetes object. */
export const objectRef = (o: KubeObject): ObjectRef => ({
  kind: o.kind,
  apiVersion: o.apiVersion,
  namespace: o.metadata.namespace,
  name: o.metadata.name,
})

/** A native Kubernetes object before and after a change, as YAML. */
export function previewOf<T extends KubeObject>(before: T, after: T): SplitPreview {
  return {
    object: objectRef(before),
    before: stringify(readable(before)),
    after: stringify(readable(after)),
  }
}
