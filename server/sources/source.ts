import 'server-only'
import type { SourceKey } from '@/lib/ids'
import type { SourceRef } from '@/lib/schemas'
import type { AwsSource } from './aws'
import type { KubeClient } from './kube-client'

/** A Kubernetes context as a source: its public ref, its id key, and a client bound to it. */
export type KubeSource = {
  kind: 'kubernetes'
  ref: SourceRef
  key: SourceKey
  /** The API server URL, shown to operators. */
  endpoint: string
  /** Who Meshpane is there, for the record of a write ("kubeconfig user admin@east"). */
  identity: string
  kube: KubeClient
}

/**
 * Every kind of source an adapter can be handed. AWS accounts join this union as
 * `{ kind: 'aws', ... }` with their own client; adapters narrow on `kind`.
 */
export type SourceHandle = KubeSource

/**
 * Every source the inventory holds and the contract passes: adapters declare the kinds they take
 * (`sourceKinds`) and are only handed those, so a Kubernetes adapter may keep taking `SourceHandle`.
 */
export type AnySource = SourceHandle | AwsSource
