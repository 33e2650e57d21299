import 'server-only'
import { meshId, parseMeshId, parseServiceId, type ServiceKey, type SourceKey } from '@/lib/ids'
import type { Mesh, MeshList, MeshService, ServiceList, Source, SourceError } from '@/lib/schemas'
import type { MeshAdapter } from '@/server/adapters/contract'
import { adapters as allAdapters } from '@/server/adapters/registry'
import { NotFoundError, SourceUnavailableError, UnprocessableError } from '@/server/errors'
import { probeSource } from '@/server/sources/probe'
import type { AnySource } from '@/server/sources/source'
import { claimedServices, claimOf } from './claims'
import { withDeadline } from './deadline'
import { TtlCache } from '@/server/cache/ttl-cache'

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

  constructor(
    readonly sources: readonly AnySource[],
    private readonly timeoutMs: number,
    ttlMs = 2000,
    private readonly adapters: readonly MeshAdapter<AnySource>[] = allAdapters,
  ) {
    this.probes = new TtlCache(ttlMs, undefined, 'source-probes')
    this.discoveries = new TtlCache(ttlMs, undefined, 'discoveries')
    this.serviceLists = new TtlCache(ttlMs, undefined, 'service-lists')
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
    return { items: claimedServices(own.items, rivals), problems: own.problems }
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
    return claimed
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

  /** After a write: the mesh's next listing asks the source again. */
  forgetServices(key: ServiceKey): void {
    this.serviceLists.delete(meshId(key.mesh))
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
