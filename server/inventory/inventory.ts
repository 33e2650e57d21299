import 'server-only'
import {
  meshId,
  parseMeshId,
  parseServiceId,
  sourceId,
  type ServiceKey,
  type SourceKey,
} from '@/lib/ids'
import type {
  Mesh,
  MeshList,
  MeshService,
  ObjectRef,
  ServiceList,
  Source,
  SourceError,
} from '@/lib/schemas'
import type { MeshAdapter } from '@/server/adapters/contract'
import { adapters as allAdapters } from '@/server/adapters/registry'
import { NotFoundError, SourceUnavailableError, UnprocessableError } from '@/server/errors'
import { identityKey, type Identity, type Person } from '@/server/identity/identity'
import { reviewWrite } from '@/server/identity/write-access'
import type { ClusterCache } from '@/server/sources/cluster-cache'
import { ACCESS_REVIEW_TTL_MS } from '@/server/sources/list-access'
import { probeSource } from '@/server/sources/probe'
import type { AnySource } from '@/server/sources/source'
import { actingAs, awsWrite } from './acting-as'
import { claimedServices, claimOf } from './claims'
import { withDeadline } from './deadline'
import { staleNotice, staleSource } from './staleness'
import { RefreshingCache } from '@/server/cache/refreshing-cache'
import { TtlCache } from '@/server/cache/ttl-cache'
import { VersionedCache } from '@/server/cache/versioned-cache'

/** People whose views are kept (each with its own caches); the least recent go first. */
const MAX_VIEWS = 500
/** AWS state is refreshed this often while pages listen for changes (it cannot be watched). */
const AWS_REFRESH_MS = 5000
/** A cluster that answered is probed again (in the background) after this; others, sooner. */
const PROBE_MS = { ok: 15_000, other: 2_000 }

type Discovery = { meshes: Mesh[]; failures: Error[] }

/** A service id resolved to where it lives and the adapter that reads and writes it. */
export type ResolvedService = {
  id: string
  key: ServiceKey
  source: AnySource
  adapter: MeshAdapter<AnySource>
}

/**
 * Everything Meshpane knows, asked of every source at once: each source answers within its
 * deadline or is reported with its error, and the rest of the answer still stands. Clusters are
 * read from their watch caches (`ClusterCache`), so a listing waits on a cluster only the first
 * time; AWS accounts, which cannot be watched, are answered from their last state and refreshed
 * in the background after `ttlMs`. Splits are read and written by the write pipeline
 * (`server/splits/`), never from a cache. `onChange` hears which source changed.
 */
export class Inventory {
  private readonly probes: RefreshingCache<Source>
  private readonly discoveries: VersionedCache<Discovery>
  private readonly serviceLists: VersionedCache<ServiceList>
  private readonly awsDiscoveries: RefreshingCache<Discovery>
  private readonly awsServiceLists: RefreshingCache<ServiceList>
  private readonly writeAccess: TtlCache<MeshService['capabilities']>
  private readonly listeners = new Set<(sourceId: string) => void>()
  /** Each signed-in person's inventory, by identity: what one reads is never served to another. */
  private readonly views = new Map<string, Inventory>()

  constructor(
    readonly sources: readonly AnySource[],
    private readonly timeoutMs: number,
    private readonly ttlMs = 2000,
    private readonly adapters: readonly MeshAdapter<AnySource>[] = allAdapters,
    /** Set in a person's view: the person, and the inventory that keeps every view. */
    private readonly viewOf?: { person: Person; root: Inventory },
  ) {
    const changed = (sourceId: string) => this.changed(sourceId)
    const ofMesh = (id: string) => changed(sourceId(parseMeshId(id)!.source))
    this.probes = new RefreshingCache(
      // A cluster's watches tell of its health between probes; an AWS account has only its probe.
      (s) => (s.status === 'ok' && s.kind === 'kubernetes' ? PROBE_MS.ok : PROBE_MS.other),
      'source-probes',
      changed,
      // A probe's round trip varies every time: a change is a new status or error.
      (a, b) => a.status !== b.status || a.error !== b.error,
    )
    this.discoveries = new VersionedCache('discoveries')
    this.serviceLists = new VersionedCache('service-lists')
    this.awsDiscoveries = new RefreshingCache(() => ttlMs, 'aws-discoveries', changed)
    this.awsServiceLists = new RefreshingCache(() => ttlMs, 'aws-service-lists', ofMesh)
    this.writeAccess = new TtlCache(ACCESS_REVIEW_TTL_MS, 5000, 'write-access')
    if (!viewOf)
      for (const s of sources)
        if (s.kind === 'kubernetes') s.kube.cache.onChange(() => this.changed(s.ref.id))
  }

  /** Hears the id of each source whose state changed (a watch event, an AWS refresh that differs). */
  onChange(listener: (sourceId: string) => void): () => void {
    const root = this.viewOf?.root ?? this
    root.listeners.add(listener)
    root.awsRefresh ??= setInterval(() => root.refreshAws(), AWS_REFRESH_MS).unref()
    return () => {
      root.listeners.delete(listener)
      if (root.listeners.size > 0) return
      clearInterval(root.awsRefresh)
      root.awsRefresh = undefined
    }
  }

  private awsRefresh?: NodeJS.Timeout

  /**
   * AWS cannot be watched: while anyone listens, each account's probe, meshes and services are
   * asked again once older than their TTL, and what differs is told as a change.
   */
  private refreshAws(): void {
    for (const source of this.sources) {
      if (source.kind !== 'aws') continue
      void this.probe(source)
      void this.discover(source)
        .then((found) => Promise.allSettled(found.meshes.map((m) => this.servicesOf(m, source))))
        .catch(() => {})
    }
  }

  private changed(sourceId: string): void {
    for (const listener of this.listeners) listener(sourceId)
  }

  /**
   * The inventory as `identity` sees it: Meshpane's own, or a person's view whose every request to
   * a cluster impersonates them, with caches of its own.
   */
  as(identity: Identity): Inventory {
    if (identity.kind === 'meshpane') return this
    const key = identityKey(identity)
    const view =
      this.views.get(key) ??
      new Inventory(
        this.sources.flatMap((s) => actingAs(s, identity)),
        this.timeoutMs,
        this.ttlMs,
        this.adapters,
        { person: identity, root: this },
      )
    this.views.delete(key)
    this.views.set(key, view)
    if (this.views.size > MAX_VIEWS) this.views.delete(this.views.keys().next().value!)
    return view
  }

  /** Each source's last probe, or what its watch cache knows of it when that is worse. */
  listSources(): Promise<Source[]> {
    return Promise.all(this.sources.map(async (s) => staleSource(s, await this.probe(s))))
  }

  private probe(s: AnySource): Promise<Source> {
    return this.probes.get(s.ref.id, () =>
      // The deadline can win the race against the probe's own timeout: still a status, not a throw.
      this.within(s, (signal) => probeSource(s, signal)).catch((err: Error) => ({
        ...s.ref,
        endpoint: s.endpoint,
        status: err instanceof SourceUnavailableError ? err.status : 'unreachable',
        error: err.message,
        latencyMs: this.timeoutMs,
      })),
    )
  }

  async listMeshes(): Promise<MeshList> {
    const found = await Promise.all(this.sources.map((s) => this.discover(s)))
    const errors = found.flatMap((f, i): SourceError[] => {
      const source = this.sources[i]!
      const { id, name } = source.ref
      const stale = f.failures.length === 0 ? staleNotice(source) : undefined
      return [...new Set([...f.failures.map((e) => e.message), ...(stale ? [stale] : [])])].map(
        (message) => ({ sourceId: id, sourceName: name, message }),
      )
    })
    return { items: found.flatMap((f) => f.meshes), errors }
  }

  async getMesh(
    id: string,
  ): Promise<{ mesh: Mesh; source: AnySource; adapter: MeshAdapter<AnySource> }> {
    const key = parseMeshId(id)
    if (!key) throw new NotFoundError(`no mesh has id "${id}"`)
    const source = this.source(key.source)
    const adapter = this.adapter(key.kind)
    const found = await this.discover(source)
    const mesh = found.meshes.find((m) => m.id === id)
    if (!mesh && found.failures[0]) throw found.failures[0]
    if (!mesh)
      throw new NotFoundError(`mesh ${key.kind}/${key.name} not found in ${source.ref.name}`)
    return { mesh, source, adapter }
  }

  /** A mesh's services, less those another mesh of the same cluster routes with precedence (claims.ts). */
  async listServices(meshIdValue: string): Promise<MeshService[]> {
    return (await this.serviceList(meshIdValue)).items
  }

  /** `listServices`, and the mesh's objects skipped because they do not fit their schema. */
  async serviceList(meshIdValue: string): Promise<ServiceList> {
    const { mesh, source } = await this.getMesh(meshIdValue)
    const [own, rivals] = await this.listingsOf(mesh, source)
    const items = claimedServices(own.items, rivals)
    const partial = this.partialNotice(source)
    const stale = staleNotice(source)
    return {
      items: await Promise.all(items.map((s) => this.withWriteAccess(s, source))),
      problems: own.problems,
      ...(partial && { partial }),
      ...(stale && { stale }),
    }
  }

  /** The service, as the mesh that routes it with precedence lists it (its id may differ from `id`). */
  async getService(id: string): Promise<MeshService> {
    const key = this.serviceKey(id)
    const { mesh, source } = await this.getMesh(meshId(key.mesh))
    const claimed = await this.claimIn(mesh, source, id)
    if (!claimed)
      throw new NotFoundError(
        `service ${key.namespace}/${key.name} not found in ${key.mesh.source.name}`,
      )
    return this.withWriteAccess(claimed, source)
  }

  /** The source and adapter behind a service id (`NotFoundError` for an id no source has). */
  resolveService(id: string): ResolvedService {
    const key = this.serviceKey(id)
    const source = this.source(key.mesh.source)
    const adapter = this.adapter(key.mesh.kind)
    if (!adapter.sourceKinds.includes(source.kind))
      throw new NotFoundError(`no ${key.mesh.kind} mesh can live in ${source.ref.name}`)
    return { id, key, source, adapter }
  }

  /**
   * A person's "not found" for an object Meshpane itself reads is the cluster refusing them (they
   * may not list its namespace): answered as the cluster's 403 for the write, not as a 404.
   */
  async refusalOf(target: ResolvedService, err: unknown): Promise<unknown> {
    const root = this.viewOf?.root
    const theirs = target.source
    if (!root || !(err instanceof NotFoundError) || theirs.kind !== 'kubernetes') return err
    const mine = root.resolveService(target.id)
    const read = await root
      .within(mine.source, (signal) => mine.adapter.read(mine.key, mine.source, signal))
      .catch(() => undefined)
    if (!read) return err
    const { allowed, reason } = await this.within(theirs, (signal) =>
      reviewWrite(theirs.kube, read.object, signal),
    )
    return allowed ? err : new SourceUnavailableError('forbidden', theirs.ref.name, reason!)
  }

  /**
   * After a write: the listings that follow show it. A cluster's watch cache is waited for until
   * it has seen the write (at most a deadline); an AWS mesh's next listing asks again, for everyone.
   */
  async written(target: ResolvedService, object: ObjectRef, revision?: string): Promise<void> {
    const { source, key } = target
    if (source.kind === 'kubernetes' && revision)
      await source.kube.cache
        .awaitWrite(object, revision, AbortSignal.timeout(this.timeoutMs))
        .catch(() => {})
    const root = this.viewOf?.root ?? this
    for (const inventory of [root, ...root.views.values()])
      inventory.awsServiceLists.delete(meshId(key.mesh))
  }

  /** In a person's view, which kinds they could list only namespace by namespace here. */
  private partialNotice(source: AnySource): string | undefined {
    if (!this.viewOf || source.kind !== 'kubernetes' || source.kube.narrowed.size === 0) return
    const kinds = [...source.kube.narrowed].sort().join(', ')
    return `${this.viewOf.person.user} may not list ${kinds} across ${source.ref.name}: shown are only the namespaces they may read`
  }

  /**
   * In a person's view, whether they may change the split: as the cluster's access review says,
   * or in AWS, the config's group policy.
   */
  private async withWriteAccess(service: MeshService, source: AnySource): Promise<MeshService> {
    const active = service.routing.find((r) => r.active)
    if (!this.viewOf || !active) return service
    const person = this.viewOf.person
    const capabilities = await this.writeAccess.get(service.id, async () => ({
      matches: false,
      ...service.capabilities,
      write:
        source.kind === 'kubernetes'
          ? await this.within(source, (signal) => reviewWrite(source.kube, active, signal))
          : awsWrite(source, person),
    }))
    return { ...service, capabilities }
  }

  /** One operation on a source under its deadline (`roundTrips` deadlines for a multi-step one). */
  within<T>(
    source: AnySource,
    op: (signal: AbortSignal) => Promise<T>,
    roundTrips = 1,
  ): Promise<T> {
    return withDeadline(source.ref.name, this.timeoutMs * roundTrips, op)
  }

  private servicesOf(mesh: Mesh, source: AnySource): Promise<ServiceList> {
    const adapter = this.adapter(mesh.kind)
    const load = () =>
      this.within(source, (signal) => adapter.services(mesh, cached(source), signal))
    if (source.kind !== 'kubernetes') return this.awsServiceLists.get(mesh.id, load)
    return this.serviceLists.get(mesh.id, this.versionOf(source.kube.cache), load)
  }

  /**
   * What a listing computed from a cluster's watch cache depends on: its changes, and in a
   * person's view their access reviews too, which are asked again every 30 s.
   */
  private versionOf(cache: ClusterCache): string | number {
    if (!this.viewOf) return cache.version
    return `${cache.version}:${Math.floor(Date.now() / ACCESS_REVIEW_TTL_MS)}`
  }

  /** A mesh's own services, and what the other meshes of its cluster list. */
  private listingsOf(mesh: Mesh, source: AnySource) {
    return Promise.all([this.servicesOf(mesh, source), this.rivalServices(mesh, source)])
  }

  /** The service `id` of `mesh`, as the mesh that routes it with precedence claims it. */
  private async claimIn(
    mesh: Mesh,
    source: AnySource,
    id: string,
  ): Promise<MeshService | undefined> {
    const [own, rivals] = await this.listingsOf(mesh, source)
    const service = own.items.find((s) => s.id === id)
    return service && claimOf(service, rivals)
  }

  /**
   * What the other meshes of the same cluster list (AWS meshes never share a service's name
   * space). A mesh that fails only loses the merge; its own listing reports the failure.
   */
  private async rivalServices(mesh: Mesh, source: AnySource): Promise<MeshService[]> {
    if (source.kind !== 'kubernetes') return []
    const others = (await this.discover(source)).meshes.filter((m) => m.id !== mesh.id)
    const settled = await Promise.allSettled(others.map((m) => this.servicesOf(m, source)))
    return settled.flatMap((r) => (r.status === 'fulfilled' ? r.value.items : []))
  }

  /**
   * The split of a service another mesh routes with precedence is not this id's to read or write:
   * the data plane obeys the other object, so writing this one would change nothing that matters.
   */
  async refuseUnclaimed({ id, key, source }: ResolvedService): Promise<void> {
    if (source.kind !== 'kubernetes') return
    const { meshes } = await this.discover(source)
    const mesh = meshes.find((m) => m.id === meshId(key.mesh))
    if (!mesh || meshes.length < 2) return
    const claimed = await this.claimIn(mesh, source, id)
    if (!claimed || claimed.id === id) return
    const active = claimed.routing.find((r) => r.active)!
    throw new UnprocessableError(
      `${key.namespace}/${key.name} in ${source.ref.name} is routed by ${active.kind} ${active.namespace ?? ''}/${active.name} (${claimed.meshKind}), which takes precedence over this ${key.mesh.kind} route: change the split of service ${claimed.id} instead`,
      { serviceId: claimed.id, meshId: claimed.meshId, routing: active },
    )
  }

  /** Meshes of one source, every adapter at once; failures are collected, never thrown. */
  private discover(source: AnySource): Promise<Discovery> {
    // Which meshes run is Meshpane's to read: a person may read none of the control planes' namespaces.
    const root = this.viewOf?.root
    if (root) return root.discover(root.source(source.key))
    const load = () => this.discoverAll(source)
    if (source.kind !== 'kubernetes') return this.awsDiscoveries.get(source.ref.id, load)
    const found = this.discoveries.get(source.ref.id, source.kube.cache.version, load)
    // A discovery that failed somewhere is not an answer to keep: the next caller asks again.
    void found.then((f) => f.failures.length > 0 && this.discoveries.delete(source.ref.id))
    return found
  }

  private async discoverAll(source: AnySource): Promise<Discovery> {
    const mine = this.adapters.filter((a) => a.sourceKinds.includes(source.kind))
    const settled = await Promise.allSettled(
      mine.map((a) => this.within(source, (signal) => a.discover(cached(source), signal))),
    )
    const meshes = settled.flatMap((r) => (r.status === 'fulfilled' ? r.value : []))
    const failures = settled.flatMap((r) => (r.status === 'rejected' ? [asError(r.reason)] : []))
    return { meshes, failures }
  }

  private serviceKey(id: string) {
    const key = parseServiceId(id)
    if (!key) throw new NotFoundError(`no service has id "${id}"`)
    return key
  }

  private source(key: SourceKey): AnySource {
    const source = this.sources.find((s) => s.key.kind === key.kind && s.key.name === key.name)
    if (!source) throw new NotFoundError(`no source ${key.kind}/${key.name}`)
    return source
  }

  private adapter(kind: string): MeshAdapter<AnySource> {
    const adapter = this.adapters.find((a) => a.kind === kind)
    if (!adapter) throw new NotFoundError(`no adapter for mesh kind "${kind}"`)
    return adapter
  }
}

/** A source whose Kubernetes lists come from the cluster's watch cache. */
const cached = (source: AnySource): AnySource =>
  source.kind === 'kubernetes' ? { ...source, kube: source.kube.cached() } : source

const asError = (reason: unknown) => (reason instanceof Error ? reason : new Error(String(reason)))
