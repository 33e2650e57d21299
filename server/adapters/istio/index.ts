import 'server-only'
import type { ServiceKey } from '@/lib/ids'
import { samePercents } from '@/lib/weights'
import type { MeshAdapter } from '@/server/adapters/contract'
import { guardedPatch, revisionTest, type JsonPatchOp } from '@/server/adapters/k8s/guarded-patch'
import { listSorted } from '@/server/adapters/k8s/list-sorted'
import { kubeRead } from '@/server/adapters/k8s/native-read'
import { previewOf } from '@/server/adapters/k8s/preview'
import { changedMatches } from '@/server/adapters/matches'
import { changesMembership, nextBackends, withCandidates } from '@/server/adapters/membership'
import { NotFoundError } from '@/server/errors'
import type { SourceHandle } from '@/server/sources/source'
import { routesOf } from './active'
import { asCandidates, nextRoute, subsetCandidates } from './candidates'
import { istioPath, servedIstioVersion, vsPath } from './api'
import { detectIstio } from './detect'
import { checkIstioMatches, withMatches } from './matches'
import { DestinationRule, VirtualService, type RouteDestination } from './native'
import { istioQueries } from './promql'
import { RulesByHost } from './rule-index'
import { istioServices } from './services'
import {
  desiredWeights,
  nativeWeights,
  ownedRoute,
  splitOf,
  weightPatch,
  withWeights,
  type OwnedRoute,
} from './split'

/**
 * The VirtualService as read at `version`, the one written back (the cluster may not serve v1), and
 * the DestinationRules of the cluster (their subsets the route does not name are its candidates).
 */
type IstioRead = {
  vs: VirtualService
  owned: OwnedRoute
  version: string
  rules: DestinationRule[]
}
/** The JSON Patch to send: weights only, or (when the matches change) every http route. */
type IstioChange = { patch: JsonPatchOp[] }

/**
 * Istio: a service is routed by the VirtualServices naming it as a host (the oldest wins); the
 * split is the weights of the winner's default http route.
 */
export const istioAdapter: MeshAdapter<SourceHandle, IstioRead, IstioChange> = {
  kind: 'istio',
  sourceKinds: ['kubernetes'],
  discover: detectIstio,
  services: istioServices,
  metricQueries: (mesh) => istioQueries(mesh),

  async read(service, source, signal) {
    const native = await readOwned(service, source, signal)
    return kubeRead(native.vs, splitWithCandidates(native.vs, native.owned, native.rules), native)
  },

  plan({ split, native: { vs, owned, rules } }, desired) {
    const matches = changedMatches(desired, split)
    if (matches) checkIstioMatches(matches)
    const next = nextBackends(split, desired)
    const joining = changesMembership(split, next)
    // A backend joining or leaving rewrites the owned route's destinations; else only its weights.
    const route = joining ? nextRoute(owned, next, candidatesOf(vs, owned, rules)) : null
    const weights = desiredWeights(owned, desired)
    const routed = route ? withRoute(vs, owned, route) : withWeights(vs, owned, weights)
    const after = matches ? withMatches(routed, owned, matches, route ?? owned.route) : routed
    const guard = revisionTest(split.revision)
    const patch: JsonPatchOp[] = matches
      ? [guard, { op: 'replace', path: '/spec/http', value: after.spec.http }]
      : route
        ? [guard, { op: 'replace', path: `/spec/http/${owned.index}/route`, value: route }]
        : weightPatch(owned, weights, split.revision)
    return {
      changes: joining || !samePercents(nativeWeights(owned.route), weights) || !!matches,
      preview: previewOf(vs, after),
      change: { patch },
    }
  },

  async write({ native: { vs, version, rules } }, { patch }, source, signal) {
    const path = vsPath(version, vs.metadata.namespace ?? 'default', vs.metadata.name)
    const written = await guardedPatch<VirtualService>(source, path, patch, signal)
    const owned = ownedRoute(written)
    if (!owned) throw new NotFoundError(`${path} lost its default route`)
    return { split: splitWithCandidates(written, owned, rules) }
  },
}

async function readOwned(
  service: ServiceKey,
  source: SourceHandle,
  signal: AbortSignal,
): Promise<IstioRead> {
  const where = `${service.namespace}/${service.name} in ${source.ref.name}`
  const version = await servedIstioVersion(source, signal)
  if (!version) throw new NotFoundError(`no VirtualService routes ${where}`)
  const [{ objects }, rules] = await Promise.all([
    listSorted(source, istioPath(version, 'virtualservices'), VirtualService, signal),
    listSorted(source, istioPath(version, 'destinationrules'), DestinationRule, signal),
  ])
  const { active: vs } = routesOf(objects, service)
  if (!vs) throw new NotFoundError(`no VirtualService routes ${where}`)
  const owned = ownedRoute(vs)
  if (!owned)
    throw new NotFoundError(
      `VirtualService ${vs.metadata.namespace}/${vs.metadata.name} (${where}) has no weighted default route`,
    )
  return { vs, owned, version, rules: rules.objects }
}

const candidatesOf = (vs: VirtualService, owned: OwnedRoute, rules: DestinationRule[]) =>
  subsetCandidates(owned, vs.metadata.namespace ?? 'default', new RulesByHost(rules))

/** The split with the subsets the route could also send to. */
function splitWithCandidates(vs: VirtualService, owned: OwnedRoute, rules: DestinationRule[]) {
  return withCandidates(splitOf(vs, owned), asCandidates(candidatesOf(vs, owned, rules)))
}

/** The object with the owned route's destinations replaced (for the preview). */
function withRoute(
  vs: VirtualService,
  owned: OwnedRoute,
  route: RouteDestination[],
): VirtualService {
  const next = structuredClone(vs)
  next.spec.http![owned.index]!.route = structuredClone(route)
  return next
}
