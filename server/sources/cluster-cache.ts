import 'server-only'
import type { ObjectRef } from '@/lib/schemas'
import type { KubeClient, KubeMeta } from './kube-client'
import { ListWatch } from './list-watch'

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions'
/** A list of one namespace: `/api/v1/namespaces/<ns>/pods`, `/apis/<g>/<v>/namespaces/<ns>/<kind>`. */
const NAMESPACED_LIST = /^(\/api\/v1|\/apis\/[^/]+\/[^/]+)\/namespaces\/([^/]+)\/([a-z0-9.-]+)$/
/** API discovery and CRDs by name: what mesh detection reads, and only CRDs change it. */
const DISCOVERY =
  /^(\/version|\/apis\/[^/]+(\/[^/]+)?|\/apis\/apiextensions\.k8s\.io\/v1\/customresourcedefinitions\/[^/]+)$/
/** Kinds nobody asked for in this long stop being watched. */
const IDLE_MS = 10 * 60_000
/** A loop ended by a refusal or "not served" is tried again after this long, or when CRDs change. */
const RETRY_ENDED_MS = 30_000

/**
 * What one cluster holds, in memory, for Meshpane's own identity: one `ListWatch` per list path
 * (and label selector) anyone has asked for, started on first use and stopped when idle; API
 * discovery remembered until a CustomResourceDefinition changes. Listings are then answered without
 * asking the cluster: its load depends on how much changes, not on how many people look or how
 * often. `version` counts the changes, for caches of what is computed from the lists.
 */
export class ClusterCache {
  private readonly watches = new Map<string, ListWatch>()
  private readonly discovery = new Map<string, Promise<unknown>>()
  private readonly listeners = new Set<() => void>()
  private crds?: ListWatch
  private changes = 0

  constructor(private readonly kube: KubeClient) {}

  /** Whether `get(path)` may be answered from here. */
  static keeps(path: string): boolean {
    return DISCOVERY.test(path)
  }

  /** A list path as the cluster-wide list it is part of, and the namespace it narrows to. */
  static listOf(path: string): { whole: string; namespace?: string } {
    const m = NAMESPACED_LIST.exec(path)
    return m ? { whole: `${m[1]}/${m[3]}`, namespace: m[2] } : { whole: path }
  }

  get version(): number {
    return this.changes
  }

  async list<T>(path: string, labelSelector: string | undefined, signal: AbortSignal) {
    this.watchCrds()
    return (await this.watchOf(path, labelSelector).list(signal)) as T[]
  }

  /** An API discovery document, fetched once and forgotten when a CRD changes. */
  get<T>(path: string, signal: AbortSignal): Promise<T> {
    this.watchCrds()
    let found = this.discovery.get(path)
    if (!found) {
      found = this.kube.get(path, signal)
      this.discovery.set(path, found)
      // A transport failure is not an answer: the next caller asks again.
      found.catch((err: unknown) => {
        if ((err as { name?: string }).name !== 'KubeStatusError') this.discovery.delete(path)
      })
    }
    return found as Promise<T>
  }

  /** Called on every change this cache sees; returns how to stop. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Since when the cluster has not answered, and why; `lastKnown` when the lists it held before
   * are still answered. Undefined while every watch runs.
   */
  staleness(): { since: number; error: Error; lastKnown: boolean } | undefined {
    const broken = [...this.watches.values()].filter((w) => w.broken)
    if (broken.length === 0) return undefined
    const oldest = broken.reduce((a, b) => (a.broken!.since <= b.broken!.since ? a : b))
    return {
      ...oldest.broken!,
      lastKnown: broken.some((w) => w.syncedAt !== undefined),
    }
  }

  /** Whether anything is watched here yet (a source nobody has listed has no state to show). */
  get watching(): boolean {
    return this.watches.size > 0
  }

  /**
   * Waits until the watches of `object`'s kind have seen `revision` (a write Meshpane just made),
   * so a listing that follows shows it. Gives up when `signal` aborts.
   */
  async awaitWrite(object: ObjectRef, revision: string, signal: AbortSignal): Promise<void> {
    const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : undefined
    const mine = [...this.watches.values()].filter(
      (w) => w.kind === object.kind && (group ? w.path.includes(`/apis/${group}/`) : true),
    )
    await Promise.all(mine.map((w) => w.awaitSeen(revision, signal)))
  }

  /** The cluster answered again: broken watches retry now rather than at the end of their backoff. */
  retryNow(): void {
    for (const w of this.watches.values()) if (w.broken) w.retryNow()
  }

  close(): void {
    for (const w of this.watches.values()) w.close()
    this.crds?.close()
    this.watches.clear()
  }

  private watchOf(path: string, labelSelector: string | undefined): ListWatch {
    const key = `${path}?${labelSelector ?? ''}`
    const now = Date.now()
    const found = this.watches.get(key)
    if (found && !(found.ended && now - found.ended.at > RETRY_ENDED_MS)) return found
    found?.close()
    this.dropIdle(now)
    const fresh = new ListWatch(
      this.kube,
      path,
      labelSelector,
      () => this.changed(),
      keeperOf(path),
    )
    this.watches.set(key, fresh)
    return fresh
  }

  /** CRDs coming and going change which kinds are served: discovery and refusals are asked again. */
  private watchCrds(): void {
    this.crds ??= new ListWatch(this.kube, CRDS, undefined, (what) => {
      if (what === 'items') {
        this.discovery.clear()
        for (const [key, w] of this.watches) if (w.ended) this.watches.delete(key)
      }
      this.changed()
    })
  }

  private dropIdle(now: number): void {
    for (const [key, w] of this.watches)
      if (now - w.lastAsked > IDLE_MS) {
        w.close()
        this.watches.delete(key)
      }
  }

  private changed(): void {
    this.changes++
    for (const listener of this.listeners) listener()
  }
}

type Pod = { metadata?: KubeMeta & { annotations?: Record<string, string> }; status?: PodStatus }
type PodStatus = { phase?: string; conditions?: unknown[] }

/**
 * Pods are most of a cluster's objects and most of each is spec: the cache keeps what the adapters
 * read of them (identity, labels, annotations, readiness).
 */
function keeperOf(path: string): ((o: Pod) => Pod) | undefined {
  if (!path.endsWith('/pods')) return undefined
  return ({ metadata = {}, status = {} }) => ({
    metadata: {
      name: metadata.name,
      namespace: metadata.namespace,
      resourceVersion: metadata.resourceVersion,
      labels: metadata.labels,
      annotations: metadata.annotations,
    },
    status: { phase: status.phase, conditions: status.conditions },
  })
}
