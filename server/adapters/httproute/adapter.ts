import 'server-only'
import { serviceId, type ServiceKey } from '@/lib/ids'
import type { Mesh, MeshKind, MeshService, ServiceList } from '@/lib/schemas'
import { samePercents } from '@/lib/weights'
import type { MeshAdapter } from '@/server/adapters/contract'
import { changedMatches } from '@/server/adapters/matches'
import { guardedPatch, revisionTest, type JsonPatchOp } from '@/server/adapters/k8s/guarded-patch'
import { kubeRead } from '@/server/adapters/k8s/native-read'
import type { KubeService, Pod } from '@/server/adapters/k8s/objects'
import { ownerOf } from '@/server/adapters/k8s/ownership'
import { previewOf } from '@/server/adapters/k8s/preview'
import { serviceReadiness } from '@/server/adapters/k8s/readiness'
import { NotFoundError } from '@/server/errors'
import type { SourceHandle } from '@/server/sources/source'
import { routePath, type HttpRoute, type RouteApi } from './native'
import {
  activeRoute,
  byParent,
  listRoutes,
  problemsAbout,
  routingObjects,
  splitOf,
  type Routed,
} from './routes'
import { rewrittenRules, weightedRuleIndex } from './rules'

/** What distinguishes one HTTPRoute-based mesh from another: which mesh, which route APIs. */
export type HttpRouteMesh = {
  kind: MeshKind
  discover: MeshAdapter['discover']
  /** The route APIs this mesh obeys in a source, in precedence order on a creation-time tie. */
  apis(source: SourceHandle, signal: AbortSignal): Promise<RouteApi[]>
  /** PromQL over the proxies that apply the routes, grouped by parent Service and backend Service. */
  metricQueries?: MeshAdapter['metricQueries']
}

/**
 * A MeshAdapter over HTTPRoutes whose parent is a Service (GAMMA): the service is the parent, its
 * backends the backendRefs of the winning route's weighted rule, its matches the header-only rules.
 */
export function httpRouteAdapter(
  mesh: HttpRouteMesh,
): MeshAdapter<SourceHandle, Routed, JsonPatchOp[]> {
  async function readActive(
    service: ServiceKey,
    source: SourceHandle,
    signal: AbortSignal,
  ): Promise<Routed> {
    const { routes } = await listRoutes(source, await mesh.apis(source, signal), signal)
    const active = activeRoute(byParent(routes).get(`${service.namespace}/${service.name}`) ?? [])
    if (!active)
      throw new NotFoundError(
        `no weighted HTTPRoute for Service ${service.namespace}/${service.name} in ${source.ref.name}`,
      )
    return active
  }

  const adapter: MeshAdapter<SourceHandle, Routed, JsonPatchOp[]> = {
    kind: mesh.kind,
    sourceKinds: ['kubernetes'],
    discover: mesh.discover,
    metricQueries: mesh.metricQueries,

    async services(found: Mesh, source, signal): Promise<ServiceList> {
      const [{ routes, rejected }, services, pods] = await Promise.all([
        mesh.apis(source, signal).then((apis) => listRoutes(source, apis, signal)),
        source.kube.list<KubeService>('/api/v1/services', signal),
        source.kube.list<Pod>('/api/v1/pods', signal),
      ])
      const meshKey = { source: source.key, kind: mesh.kind, name: found.name }
      const items = [...byParent(routes)].flatMap(([parent, contenders]): MeshService[] => {
        const active = activeRoute(contenders)
        if (!active) return []
        const [namespace, name] = parent.split('/') as [string, string]
        const split = splitOf(active.route)
        const refs = active.route.spec.rules![weightedRuleIndex(active.route)]!.backendRefs!
        const owner = ownerOf(active.meta)
        const problems = problemsAbout(rejected, parent)
        return [
          {
            id: serviceId({ mesh: meshKey, namespace, name }),
            meshId: found.id,
            meshKind: mesh.kind,
            name,
            namespace,
            backends: refs.map((b, i) => ({
              name: b.name,
              weight: split.backends[i]!.weight,
              ...serviceReadiness(
                { services, pods },
                b.namespace ?? active.meta.namespace ?? namespace,
                b.name,
              ),
            })),
            revision: split.revision,
            routing: routingObjects(contenders, active),
            ...(owner && { owner }),
            capabilities: { matches: true },
            ...(problems.length > 0 && { problems }),
          },
        ]
      })
      return { items, problems: rejected.map((r) => r.problem) }
    },

    async read(service, source, signal) {
      const active = await readActive(service, source, signal)
      return kubeRead(active.route, splitOf(active.route), active)
    },

    plan({ split, native: active }, desired) {
      const index = weightedRuleIndex(active.route)
      const refs = active.route.spec.rules![index]!.backendRefs!
      const percents = refs.map((r) => desired.backends.find((b) => b.name === r.name)!.weight)
      const matches = changedMatches(desired, split)
      const rules = rewrittenRules(active.route, percents, matches)
      const after: HttpRoute = {
        ...structuredClone(active.route),
        spec: { ...active.route.spec, rules },
      }
      const patch: JsonPatchOp[] = matches
        ? [revisionTest(split.revision), { op: 'replace', path: '/spec/rules', value: rules }]
        : [
            revisionTest(split.revision),
            ...rules[index]!.backendRefs!.map((b, j) => ({
              // `add` sets a weight that may be absent (it defaults to 1); `replace` needs it present.
              op: refs[j]!.weight === undefined ? ('add' as const) : ('replace' as const),
              path: `/spec/rules/${index}/backendRefs/${j}/weight`,
              value: b.weight ?? 1,
            })),
          ]
      return {
        changes:
          !samePercents(
            split.backends.map((b) => b.weight),
            percents,
          ) || !!matches,
        preview: previewOf(active.route, after),
        change: patch,
      }
    },

    async write({ native: active }, patch, source, signal) {
      const path = routePath(active.api, active.meta.namespace ?? 'default', active.meta.name)
      return { split: splitOf(await guardedPatch<HttpRoute>(source, path, patch, signal)) }
    },
  }
  return adapter
}
