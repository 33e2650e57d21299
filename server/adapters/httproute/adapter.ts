import 'server-only'
import { serviceId, type ServiceKey } from '@/lib/ids'
import type { Mesh, MeshKind, MeshService } from '@/lib/schemas'
import { samePercents } from '@/lib/weights'
import type { MeshAdapter, SplitPlan } from '@/server/adapters/contract'
import { checkBackendNames, parseDesired } from '@/server/adapters/desired'
import { checkMatchBackends, changedMatches } from '@/server/adapters/matches'
import { guardedPatch, revisionTest } from '@/server/adapters/k8s/guarded-patch'
import type { KubeService, Pod } from '@/server/adapters/k8s/objects'
import { ownerOf } from '@/server/adapters/k8s/ownership'
import { previewOf } from '@/server/adapters/k8s/preview'
import { serviceReadiness } from '@/server/adapters/k8s/readiness'
import { ConflictError, NotFoundError } from '@/server/errors'
import type { SourceHandle } from '@/server/sources/source'
import { routePath, type HttpRoute, type RouteApi } from './native'
import { activeRoute, byParent, listRoutes, routingObjects, splitOf, type Routed } from './routes'
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

type Plan = { active: Routed; patch: ReturnType<typeof revisionTest>[] }

/**
 * A MeshAdapter over HTTPRoutes whose parent is a Service (GAMMA): the service is the parent, its
 * backends the backendRefs of the winning route's weighted rule, its matches the header-only rules.
 */
export function httpRouteAdapter(mesh: HttpRouteMesh): MeshAdapter {
  async function readActive(
    service: ServiceKey,
    source: SourceHandle,
    signal: AbortSignal,
  ): Promise<Routed> {
    const routes = await listRoutes(source, await mesh.apis(source, signal), signal)
    const active = activeRoute(byParent(routes).get(`${service.namespace}/${service.name}`) ?? [])
    if (!active)
      throw new NotFoundError(
        `no weighted HTTPRoute for Service ${service.namespace}/${service.name} in ${source.ref.name}`,
      )
    return active
  }

  const adapter: MeshAdapter = {
    kind: mesh.kind,
    sourceKinds: ['kubernetes'],
    discover: mesh.discover,
    metricQueries: mesh.metricQueries,

    async services(found: Mesh, source, signal): Promise<MeshService[]> {
      const [routes, services, pods] = await Promise.all([
        mesh.apis(source, signal).then((apis) => listRoutes(source, apis, signal)),
        source.kube.list<KubeService>('/api/v1/services', signal),
        source.kube.list<Pod>('/api/v1/pods', signal),
      ])
      const meshKey = { source: source.key, kind: mesh.kind, name: found.name }
      return [...byParent(routes)].flatMap(([parent, contenders]) => {
        const active = activeRoute(contenders)
        if (!active) return []
        const [namespace, name] = parent.split('/') as [string, string]
        const split = splitOf(active.route)
        const refs = active.route.spec.rules![weightedRuleIndex(active.route)]!.backendRefs!
        const owner = ownerOf(active.meta)
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
          },
        ]
      })
    },

    async readSplit(service, source, signal) {
      return splitOf((await readActive(service, source, signal)).route)
    },

    async planSplit(service, source, desired, signal): Promise<SplitPlan> {
      const parsed = parseDesired(desired)
      const active = await readActive(service, source, signal)
      const current = splitOf(active.route)
      checkBackendNames(parsed, current)
      checkMatchBackends(parsed, current)
      const index = weightedRuleIndex(active.route)
      const names = active.route.spec.rules![index]!.backendRefs!.map((b) => b.name)
      const percents = names.map((n) => parsed.backends.find((b) => b.name === n)!.weight)
      const matches = changedMatches(parsed, current)
      const weightsChange = !samePercents(
        current.backends.map((b) => b.weight),
        percents,
      )
      const rules = rewrittenRules(active.route, percents, matches)
      const after: HttpRoute = {
        ...structuredClone(active.route),
        spec: { ...active.route.spec, rules },
      }
      const patch = matches
        ? [
            revisionTest(parsed.revision),
            { op: 'replace' as const, path: '/spec/rules', value: rules },
          ]
        : [
            revisionTest(parsed.revision),
            ...rules[index]!.backendRefs!.map((b, j) => ({
              op:
                active.route.spec.rules![index]!.backendRefs![j]!.weight === undefined
                  ? ('add' as const)
                  : ('replace' as const),
              path: `/spec/rules/${index}/backendRefs/${j}/weight`,
              value: b.weight ?? 1,
            })),
          ]
      const native: Plan = { active, patch }
      return {
        service,
        desired: parsed,
        current,
        changes: weightsChange || !!matches,
        preview: previewOf(active.route, after),
        native,
      }
    },

    async applySplit(plan, source, signal) {
      const { service, desired, current } = plan
      if (current.revision !== desired.revision) throw new ConflictError(current)
      if (!plan.changes) return current
      const { active, patch } = plan.native as Plan
      const written = await guardedPatch<HttpRoute>(
        source,
        routePath(active.api, active.meta.namespace ?? 'default', active.meta.name),
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
