import 'server-only'
import type { ServiceKey } from '@/lib/ids'
import type {
  Mesh,
  MeshKind,
  MeshService,
  SourceKind,
  SplitPreview,
  SplitUpdate,
  TrafficSplit,
} from '@/lib/schemas'
import type { MetricQueries } from '@/server/metrics/queries'
import type { AnySource, SourceHandle } from '@/server/sources/source'

/**
 * The one interface every mesh kind implements. Nothing outside `server/adapters/<kind>/` knows a
 * native field name; everything crossing this boundary is a `lib/schemas` domain type.
 *
 * Rules every adapter keeps (checked by `contract-suite.ts`):
 * - Reads never write. `signal` aborts every request of the call (the inventory's per-source
 *   deadline); an aborted or failed request surfaces as `SourceUnavailableError`.
 * - Percents: native weights become integer percents summing to 100 (`lib/weights.ts`
 *   `toPercents`); `revision` is the native optimistic-concurrency token (resourceVersion, App
 *   Mesh version) as an opaque string.
 * - Writes change only the weights of the one routing object/route the adapter owns (the one
 *   marked `active` in `MeshService.routing`), with the client's revision as a precondition.
 *   Writing the split that is already there writes nothing. A stale revision throws
 *   `ConflictError` carrying the split as it is now, and is never retried.
 * - `S` is the kind of source the adapter takes (`sourceKinds`); the inventory holds
 *   `MeshAdapter<AnySource>` and hands each adapter only sources of its kinds.
 * - `planSplit` rejects a malformed split (`SplitUpdate` rules) with `ValidationError` before any
 *   request, and unknown backend names with `ValidationError` naming `backends.<i>.name`.
 */
export interface MeshAdapter<S extends AnySource = SourceHandle> {
  kind: MeshKind
  /** The source kinds this adapter looks at; the inventory only offers it those. */
  sourceKinds: readonly SourceKind[]
  /** The meshes of this kind present in the source (none: an empty list, not an error). */
  discover(source: S, signal: AbortSignal): Promise<Mesh[]>
  /** The routable services of a mesh found by `discover`, each with backends and current split. */
  services(mesh: Mesh, source: S, signal: AbortSignal): Promise<MeshService[]>
  /** The current split of one service; `NotFoundError` when it does not exist (any more). */
  readSplit(service: ServiceKey, source: S, signal: AbortSignal): Promise<TrafficSplit>
  /**
   * Validates `desired` (untrusted input: the adapter checks it with `parseDesired` from
   * `desired.ts` before any request) and computes the native change without writing anything.
   */
  planSplit(
    service: ServiceKey,
    source: S,
    desired: unknown,
    signal: AbortSignal,
  ): Promise<SplitPlan>
  /** Writes a plan made by this adapter's `planSplit`; returns the split as written. */
  applySplit(plan: SplitPlan, source: S, signal: AbortSignal): Promise<TrafficSplit>
  /** PromQL over this mesh's proxy metrics, grouped by service and backend; absent: no metrics yet. */
  metricQueries?(mesh: Mesh): MetricQueries | null
}

/** What a write would do, computed from one read of the native object. */
export type SplitPlan = {
  service: ServiceKey
  /** The validated request: percents per backend and the revision the client read. */
  desired: SplitUpdate
  /** The split as read while planning (its revision may already differ from desired.revision). */
  current: TrafficSplit
  /** False when `desired` carries the same percents as `current`: applying writes nothing. */
  changes: boolean
  /** The native object before/after, as YAML. */
  preview: SplitPreview
  /** Adapter-private data (the native object, the patch); only the adapter that made it reads it. */
  native: unknown
}
