import 'server-only'
import { meshId, parseMeshId, parseServiceId, type ServiceKey, type SourceKey } from '@/lib/ids'
import type { Mesh, MeshList, MeshService, ServiceList, Source, SourceError } from '@/lib/schemas'
import type { MeshAdapter } from '@/server/adapters/contract'
import { adapters as allAdapters } from '@/server/adapters/registry'
import { NotFoundError, SourceUnavailableError, UnprocessableError } from '@/server/errors'
import { identityKey, type Identity, type Person } from '@/server/identity/identity'
import { reviewWrite } from '@/server/identity/write-access'
import { probeSource } from '@/server/sources/probe'
import type { AnySource } from '@/server/sources/source'
import { actingAs, awsWrite } from './acting-as'
import { claimedServices, claimOf } from './claims'
import { withDeadline } from './deadline'
import { TtlCache } from '@/server/cache/ttl-cache'

/** People whose views are kept (each with its own caches); the least recent go first. */
const MAX_VIEWS = 500

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
 * deadline or is reported with its error, and the rest of the answer still stands. Reads are
 * cached briefly (a new object shows within ttl + deadline); splits are read and written by the
 * write pipeline (`server/splits/`), never from a cache.
 */
export class Inventory {
  private readonly probes: TtlCache<Source>
  private readonly discoveries: TtlCache<Discovery>
  private readonly serviceLists: TtlCache<ServiceList>
  private readonly writeAccess: TtlCache<MeshService['capabilities']>
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
    this.probes = new TtlCache(ttlMs)
    this.discoveries = new TtlCache(ttlMs)
    this.serviceLists = new TtlCache(ttlMs)
    this.writeAccess = new TtlCache(5 * ttlMs)
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

  listSources(): Promise<Source[]> {
    return Promise.all(
      this.sources.map((s) =>
        this.probes.get(
          s.ref.id,
          () =>
            // The deadline can win the race against the probe's own timeout: still a status, not a throw.
            this.within(s, (signal) => probeSource(s, signal)).catch((err: Error) => ({
              ...s.ref,
              endpoint: s.endpoint,
              status: err instanceof SourceUnavailableError ? err.status : 'unreachable',
              error: err.message,
              latencyMs: this.timeoutMs,
            })),
          (source) => source.status === 'ok',
        ),
      ),
    )
  }

  async listMeshes(): Promise<MeshList> {
    const found = await Promise.all(this.sources.map((s) => this.discover(s)))
    const errors = found.flatMap((f, i): SourceError[] => {
      const { id, name } = this.sources[i]!.ref
      return [...new Set(f.failures.map((e) => e.message))].map((message) => ({
        sourceId: id,
        sourceName: name,
        message,
      }))
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
    return {
      items: await Promise.all(items.map((s) => this.withWriteAccess(s, source))),
      problems: own.problems,
      ...(partial && { partial }),
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

  /** After a write: the mesh's next listing asks the source again, for everyone. */
  forgetServices(key: ServiceKey): void {
    const root = this.viewOf?.root ?? this
    for (const inventory of [root, ...root.views.values()])
      inventory.serviceLists.delete(meshId(key.mesh))
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
    return this.serviceLists.get(mesh.id, () =>
      this.within(source, (signal) => adapter.services(mesh, source, signal)),
    )
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
    return this.discoveries.get(
      source.ref.id,
      () => this.discoverAll(source),
      (found) => found.failures.length === 0,
    )
  }

  private async discoverAll(source: AnySource): Promise<Discovery> {
    const mine = this.adapters.filter((a) => a.sourceKinds.includes(source.kind))
    const settled = await Promise.allSettled(
      mine.map((a) => this.within(source, (signal) => a.discover(source, signal))),
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

const asError = (reason: unknown) => (reason instanceof Error ? reason : new Error(String(reason)))
