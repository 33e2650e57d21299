import 'server-only'
import type { ServiceKey } from '@/lib/ids'
import type {
  Mesh,
  MeshKind,
  ObjectRef,
  Owner,
  ServiceList,
  SourceKind,
  SplitPreview,
  SplitUpdate,
  TrafficSplit,
} from '@/lib/schemas'
import type { MetricQueries } from '@/server/metrics/queries'
import type { AnySource, SourceHandle } from '@/server/sources/source'

/**
 * The one interface every mesh kind implements. Nothing outside `server/adapters/<kind>/` knows a
 * native field name; everything crossing this boundary is a `lib/schemas` domain type, except the
 * adapter's own `N` (what it read) and `C` (the change it planned), which only it looks inside.
 *
 * An adapter is a codec for its native objects and holds no policy: the write pipeline
 * (`server/splits/`) parses the request, checks backend names, the revision precondition, no-ops
 * and owners, and turns a failed precondition into a conflict carrying the split re-read.
 *
 * Rules every adapter keeps (checked by `contract-suite.ts`):
 * - One object that does not fit its kind's schema never fails a listing: it is skipped and
 *   reported in the listing's `problems` (and on the services it routes), and reads pass over it.
 * - Reads never write. `signal` aborts every request of the call (the per-source deadline); an
 *   aborted or failed request surfaces as `SourceUnavailableError`.
 * - Percents: native weights become integer percents summing to 100 (`lib/weights.ts`
 *   `toPercents`); `revision` is the native optimistic-concurrency token (resourceVersion, App
 *   Mesh version) as an opaque string; reading then writing the same split changes nothing.
 * - `plan` is pure. It changes only the weights (and, where asked and expressible, the matches)
 *   of the one routing object the adapter owns; matches it cannot express are refused with
 *   `matchesRefusal`.
 * - `write` sends the change with `read.split.revision` as a precondition; when the source refuses
 *   it (the object moved, or the source would not take the change) it throws
 *   `PreconditionFailedError`, and never retries.
 */
export interface MeshAdapter<S extends AnySource = SourceHandle, N = unknown, C = unknown> {
  kind: MeshKind
  /** The source kinds this adapter looks at; the inventory only offers it those. */
  sourceKinds: readonly SourceKind[]
  /** The meshes of this kind present in the source (none: an empty list, not an error). */
  discover(source: S, signal: AbortSignal): Promise<Mesh[]>
  /** The routable services of a mesh found by `discover`, each with backends and current split. */
  services(mesh: Mesh, source: S, signal: AbortSignal): Promise<ServiceList>
  /** The object Meshpane writes for a service, and its split; `NotFoundError` when absent. */
  read(service: ServiceKey, source: S, signal: AbortSignal): Promise<NativeRead<N>>
  /** The native change that gives `desired` (backend names already checked); no I/O. */
  plan(read: NativeRead<N>, desired: SplitUpdate): NativePlan<C>
  /** Writes a planned change under the read's revision; returns the split as written. */
  write(read: NativeRead<N>, change: C, source: S, signal: AbortSignal): Promise<Written>
  /** PromQL over this mesh's proxy metrics, grouped by service and backend; absent: no metrics yet. */
  metricQueries?(mesh: Mesh): MetricQueries | null
}

/** One read of the routing object Meshpane writes for a service. */
export type NativeRead<N> = {
  /** The split as the object holds it. */
  split: TrafficSplit
  /** The object itself, as it is named in the preview and the record. */
  object: ObjectRef
  /** Who else writes the object (a controller, GitOps), when anyone does. */
  owner?: Owner
  native: N
}

/** What a write would do, computed from one read without writing anything. */
export type NativePlan<C> = {
  /** False when applying would leave the object as it is. */
  changes: boolean
  /** The native object before/after, as YAML. */
  preview: SplitPreview
  change: C
}

/** The split as written, and what the operator must know about the write (App Mesh's lost race). */
export type Written = { split: TrafficSplit; warnings?: string[] }
