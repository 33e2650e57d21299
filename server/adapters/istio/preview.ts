import 'server-only'
import { stringify } from 'yaml'
import type { SplitPreview } from '@/lib/schemas'
import type { VirtualService } from './native'

/** managedFields is server bookkeeping, noise in a diff an operator reads. */
function readable(vs: VirtualService): VirtualService {
  const metadata = { ...vs.metadata }
  delete metadata.managedFields
  return { ...vs, metadata }
}

export function previewOf(before: VirtualService, after: VirtualService): SplitPreview {
  return {
    object: {
      kind: before.kind,
      apiVersion: before.apiVersion,
      namespace: before.metadata.namespace,
      name: before.metadata.name,
    },
    before: stringify(readable(before)),
    after: stringify(readable(after)),
  }
}
