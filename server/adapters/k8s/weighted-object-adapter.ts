import 'server-only'
import { serviceId, type ServiceKey } from '@/lib/ids'
import type { Mesh, MeshKind, MeshService, ServiceCapabilities, TrafficSplit } from '@/lib/schemas'
import { samePercents, toPercents } from '@/lib/weights'
import type { MeshAdapter, SplitPlan } from '@/server/adapters/contract'
import { checkBackendNames, parseDesired } from '@/server/adapters/desired'
import { refuseMatches } from '@/server/adapters/matches'
import { ConflictError, NotFoundError } from '@/server/errors'
import type { SourceHandle } from '@/server/sources/source'
import { guardedPatch, revisionTest, type JsonPatchOp } from './guarded-patch'
import type { KubeObject, KubeService, Pod } from './objects'
import { ownerOf } from './ownership'
import { previewOf } from './preview'
import type { Workloads } from './readiness'

/**
 * What a mesh whose split is one object per service (SMI TrafficSplit, Consul ServiceSplitter)
 * tells the shared adapter: where the objects are, which service each splits, and its weights.
 */
export type WeightedObjectMesh<T extends KubeObject> = {
  kind: MeshKind
  discover: MeshAdapter['discover']
  /** Every split object of the source, each with the API path it is read and written at. */
  list(source: SourceHandle, signal: AbortSignal): Promise<{ object: T; path: string }[]>
  /** The service the object splits, or null when it is not the service's default split. */
  serviceOf(object: T): string | null
  backends(object: T): { name: string; weight: number }[]
  /** The native weight values for these percents (unchanged percents: the values as they are). */
  nativeWeights(object: T, percents: number[]): unknown[]
  weightPath(index: number): string
  readiness(
    world: Workloads,
    object: T,
    backend: string,
  ): { replicas: number; readyReplicas: number }
  capabilities: ServiceCapabilities
  deprecated?: string
  metricQueries?: MeshAdapter['metricQueries']
}

export function weightedObjectAdapter<T extends KubeObject>(
  mesh: WeightedObjectMesh<T>,
): MeshAdapter {
  const splitOf = (object: T): TrafficSplit => {
    const backends = mesh.backends(object)
    const percents = toPercents(backends.map((b) => b.weight))
    return {
      backends: backends.map((b, i) => ({ name: b.name, weight: percents[i]! })),
      revision: object.metadata.resourceVersion ?? '',
    }
  }
  const ns = (o: KubeObject) => o.metadata.namespace ?? 'default'

  async function readObject(service: ServiceKey, source: SourceHandle, signal: AbortSignal) {
    const all = await mesh.list(source, signal)
    const found = all.find(
      (o) => ns(o.object) === service.namespace && mesh.serviceOf(o.object) === service.name,
    )
    if (!found)
      throw new NotFoundError(
        `no ${mesh.kind} split for ${service.namespace}/${service.name} in ${source.ref.name}`,
      )
    return found
  }

  const adapter: MeshAdapter = {
    kind: mesh.kind,
    sourceKinds: ['kubernetes'],
    discover: mesh.discover,
    metricQueries: mesh.metricQueries,

    async services(found: Mesh, source, signal): Promise<MeshService[]> {
      const [objects, services, pods] = await Promise.all([
        mesh.list(source, signal),
        source.kube.list<KubeService>('/api/v1/services', signal),
        source.kube.list<Pod>('/api/v1/pods', signal),
      ])
      const meshKey = { source: source.key, kind: mesh.kind, name: found.name }
      return objects.flatMap(({ object }) => {
        const name = mesh.serviceOf(object)
        if (!name) return []
        const split = splitOf(object)
        const owner = ownerOf(object.metadata)
        const [group, version] = object.apiVersion.split('/')
        return [
          {
            id: serviceId({ mesh: meshKey, namespace: ns(object), name }),
            meshId: found.id,
            meshKind: mesh.kind,
            name,
            namespace: ns(object),
            backends: split.backends.map((b) => ({
              ...b,
              ...mesh.readiness({ services, pods }, object, b.name),
            })),
            revision: split.revision,
            routing: [
              {
                kind: object.kind,
                apiVersion: `${group}/${version}`,
                namespace: ns(object),
                name: object.metadata.name,
                active: true,
                ...(object.metadata.creationTimestamp && {
                  createdAt: object.metadata.creationTimestamp,
                }),
              },
            ],
            ...(owner && { owner }),
            capabilities: mesh.capabilities,
            ...(mesh.deprecated && { deprecated: mesh.deprecated }),
          },
        ]
      })
    },

    async readSplit(service, source, signal) {
      return splitOf((await readObject(service, source, signal)).object)
    },

    async planSplit(service, source, desired, signal): Promise<SplitPlan> {
      const parsed = parseDesired(desired)
      const { object, path } = await readObject(service, source, signal)
      const current = splitOf(object)
      checkBackendNames(parsed, current)
      refuseMatches(parsed, current, mesh.capabilities.reason ?? `${mesh.kind} cannot express them`)
      const percents = current.backends.map(
        (b) => parsed.backends.find((d) => d.name === b.name)!.weight,
      )
      const values = mesh.nativeWeights(object, percents)
      const patch: JsonPatchOp[] = [
        revisionTest(parsed.revision),
        ...values.map((value, j) => ({ op: 'replace' as const, path: mesh.weightPath(j), value })),
      ]
      const after = structuredClone(object)
      for (const op of patch.slice(1)) setAt(after, op.path, op.value)
      return {
        service,
        desired: parsed,
        current,
        changes: !samePercents(
          current.backends.map((b) => b.weight),
          percents,
        ),
        preview: previewOf(object, after),
        native: { path, patch },
      }
    },

    async applySplit(plan, source, signal) {
      const { service, desired, current } = plan
      if (current.revision !== desired.revision) throw new ConflictError(current)
      if (!plan.changes) return current
      const { path, patch } = plan.native as { path: string; patch: JsonPatchOp[] }
      const written = await guardedPatch<T>(
        source,
        path,
        patch,
        desired.revision,
        () => adapter.readSplit(service, source, signal),
        signal,
      )
      return splitOf(written)
    },
  }
  return adapter
}

/** Sets the value at a JSON Pointer whose parents exist (the preview of a replace). */
function setAt(target: unknown, pointer: string, value: unknown): void {
  const keys = pointer.split('/').slice(1)
  const last = keys.pop()!
  const parent = keys.reduce<Record<string, unknown>>(
    (o, k) => o[k] as Record<string, unknown>,
    target as Record<string, unknown>,
  )
  parent[last] = value
}
