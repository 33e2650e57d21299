import 'server-only'
import type { SourceKey } from '@/lib/ids'
import type { SourceRef } from '@/lib/schemas'
import type { KubeClient } from './kube-client'

/** A Kubernetes context as a source: its public ref, its id key, and a client bound to it. */
export type KubeSource = {
  kind: 'kubernetes'
  ref: SourceRef
  key: SourceKey
  /** The API server URL, shown to operators. */
  endpoint: string
  kube: KubeClient
}

/**
 * Every kind of source an adapter can be handed. AWS accounts join this union as
 * `{ kind: 'aws', ... }` with their own client; adapters narrow on `kind`.
 */
export type SourceHandle = KubeSource
