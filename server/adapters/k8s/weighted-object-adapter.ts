import 'server-only'
import { serviceId, type ServiceKey } from '@/lib/ids'
import type {
  Mesh,
  MeshKind,
  MeshService,
  ServiceCapabilities,
  ServiceList,
  TrafficSplit,
} from '@/lib/schemas'
import { samePercents, toPercents } from '@/lib/weights'
import type { MeshAdapter } from '@/server/adapters/contract'
import { refuseMatches } from '@/server/adapters/matches'
import {
  changesMembership,
  nextBackends,
  withCandidates,
  type NextBackend,
} from '@/server/adapters/membership'
import { problemsByConcern, type Sorted } from '@/server/adapters/problems'
import { NotFoundError } from '@/server/errors'
import type { SourceHandle } from '@/server/sources/source'
import { guardedPatch, revisionTest, type JsonPatchOp } from './guarded-patch'
import { kubeRead } from './native-read'
import type { KubeObject, KubeService, Pod } from './objects'
import { ownerOf } from './ownership'
import { previewOf } from './preview'
import {
  indexWorkloads,
  servicesBySelector,
  type LabelIndex,
  type Workloads,
} from './workload-index'

/**
 * What a mesh whose split is one object per service (SMI TrafficSplit, Consul ServiceSplitter)
 * tells the shared adapter: where the objects are, which service each splits, and its weights.
 */
export type WeightedObjectMesh<T extends KubeObject> = {
  kind: MeshKind
  discover: MeshAdapter['discover']
  /**
   * Every split object of the source that fits its schema, each with the API path it is read and
   * written at; and the objects (splits and what they depend on) that do not fit.
   */
  list(source: SourceHandle, signal: AbortSignal): Promise<Sorted<Located<T>>>
  /** The service the object splits, or null when it is not the service's default split. */
  serviceOf(object: T): string | null
  /** The service (`namespace/name`) an object that did not fit would concern, if it can tell. */
  concerns(raw: unknown): string | null
  backends(object: T): { name: string; weight: number }[]
  /** The native weight values for these percents (unchanged percents: the values as they are). */
  nativeWeights(object: T, percents: number[]): unknown[]
  weightPath(index: number): string
  /** Where the object's list of backends is (`/spec/backends`), written whole when one joins or leaves. */
  listPath: string
  /**
   * The versions that could join the split (`services`: by selector, at least those of the
   * object's namespace); `listed` is the object as listed (what the mesh's `list` read beside
   * it), `object` may be newer.
   */
  candidates(object: T, services: LabelIndex<KubeService>, listed: T): string[]
  /** The object with its list rewritten to `next` (kept entries, then joining ones), in native weights. */
  withBackends(object: T, next: readonly NextBackend[]): { object: T; list: unknown[] }
  /** Replicas of a backend, or of a candidate (a version not in the object yet). */
  readiness(
    world: Workloads,
    object: T,
    backend: string,
  ): { replicas: number; readyReplicas: number }
  capabilities: ServiceCapabilities
  deprecated?: string
  metricQueries?: MeshAdapter['metricQueries']
}

/** Where a split object lives, and the patch that writes its weights under the revision read. */
export type Located<T> = { object: T; path: string }
type WeightPatch = { path: string; patch: JsonPatchOp[] }
/** The object read, and the Services of its namespace (where candidates come from). */
type ObjectRead<T> = Located<T> & { services: KubeService[] }

export function weightedObjectAdapter<T extends KubeObject>(
  mesh: WeightedObjectMesh<T>,
): MeshAdapter<SourceHandle, ObjectRead<T>, WeightPatch> {
  const splitOf = (object: T, services: LabelIndex<KubeService>, listed = object): TrafficSplit => {
    const backends = mesh.backends(object)
    const percents = toPercents(backends.map((b) => b.weight))
    const split = {
      backends: backends.map((b, i) => ({ name: b.name, weight: percents[i]! })),
      revision: object.metadata.resourceVersion ?? '',
    }
    const candidates = mesh.candidates(object, services, listed)
    return withCandidates(
      split,
      candidates.map((name) => ({ name, weight: 0 })),
    )
  }
  const ns = (o: KubeObject) => o.metadata.namespace ?? 'default'

  async function readObject(
    service: ServiceKey,
    source: SourceHandle,
    signal: AbortSignal,
  ): Promise<ObjectRead<T>> {
    const [{ objects }, services] = await Promise.all([
      mesh.list(source, signal),
      source.kube.list<KubeService>(
        `/api/v1/namespaces/${encodeURIComponent(service.namespace)}/services`,
        signal,
      ),
    ])
    const found = objects.find(
      (o) => ns(o.object) === service.namespace && mesh.serviceOf(o.object) === service.name,
    )
    if (!found)
      throw new NotFoundError(
        `no ${mesh.kind} split for ${service.namespace}/${service.name} in ${source.ref.name}`,
      )
    return { ...found, services }
  }

  return {
    kind: mesh.kind,
    sourceKinds: ['kubernetes'],
    discover: mesh.discover,
    metricQueries: mesh.metricQueries,

    async services(found: Mesh, source, signal): Promise<ServiceList> {
      const [{ objects, rejected }, services, pods] = await Promise.all([
        mesh.list(source, signal),
        source.kube.list<KubeService>('/api/v1/services', signal),
        source.kube.list<Pod>('/api/v1/pods', signal),
      ])
      const meshKey = { source: source.key, kind: mesh.kind, name: found.name }
      const world = indexWorkloads(services, pods)
      const problemsOf = problemsByConcern(rejected, (raw) => {
        const service = mesh.concerns(raw)
        return service ? [service] : []
      })
      const items = objects.flatMap(({ object }): MeshService[] => {
        const name = mesh.serviceOf(object)
        if (!name) return []
        const split = splitOf(object, world.services)
        const candidates = (split.candidates ?? []).map((c) => ({
          ...c,
          ...mesh.readiness(world, object, c.name),
        }))
        const owner = ownerOf(object.metadata)
        const [group, version] = object.apiVersion.split('/')
        const problems = problemsOf.of([`${ns(object)}/${name}`])
        return [
          {
            id: serviceId({ mesh: meshKey, namespace: ns(object), name }),
            meshId: found.id,
            meshKind: mesh.kind,
            name,
            namespace: ns(object),
            backends: split.backends.map((b) => ({
              ...b,
              ...mesh.readiness(world, object, b.name),
            })),
            ...(candidates.length > 0 && { candidates }),
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
            ...(problems.length > 0 && { problems }),
          },
        ]
      })
      return { items, problems: rejected.map((r) => r.problem) }
    },

    async read(service, source, signal) {
      const found = await readObject(service, source, signal)
      const services = servicesBySelector(found.services)
      return kubeRead(found.object, splitOf(found.object, services), found)
    },

    plan({ split, native: { object, path } }, desired) {
      refuseMatches(desired, split, mesh.capabilities.reason ?? `${mesh.kind} cannot express them`)
      const next = nextBackends(split, desired)
      if (changesMembership(split, next)) {
        // A backend joins or leaves: the list is written whole, under the same revision test.
        const { object: after, list } = mesh.withBackends(object, next)
        return {
          changes: true,
          preview: previewOf(object, after),
          change: {
            path,
            patch: [
              revisionTest(split.revision),
              { op: 'replace', path: mesh.listPath, value: list },
            ],
          },
        }
      }
      const percents = split.backends.map(
        (b) => desired.backends.find((d) => d.name === b.name)!.weight,
      )
      const values = mesh.nativeWeights(object, percents)
      const weights = values.map((value, j) => ({
        op: 'replace' as const,
        path: mesh.weightPath(j),
        value,
      }))
      const after = structuredClone(object)
      for (const op of weights) setAt(after, op.path, op.value)
      return {
        changes: !samePercents(
          split.backends.map((b) => b.weight),
          percents,
        ),
        preview: previewOf(object, after),
        change: { path, patch: [revisionTest(split.revision), ...weights] },
      }
    },

    async write({ native: { services, object } }, { path, patch }, source, signal) {
      const written = await guardedPatch<T>(source, path, patch, signal)
      return { split: splitOf(written, servicesBySelector(services), object) }
    },
  }
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
