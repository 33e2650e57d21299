import 'server-only'
import type { ServiceKey } from '@/lib/ids'
import { samePercents } from '@/lib/weights'
import type { MeshAdapter, SplitPlan } from '@/server/adapters/contract'
import { checkBackendNames, parseDesired } from '@/server/adapters/desired'
import { guardedPatch, revisionTest, type JsonPatchOp } from '@/server/adapters/k8s/guarded-patch'
import { checkMatchBackends, changedMatches } from '@/server/adapters/matches'
import { ConflictError, NotFoundError } from '@/server/errors'
import { KubeStatusError } from '@/server/sources/kube-errors'
import type { SourceHandle } from '@/server/sources/source'
import { detectIstio } from './detect'
import { checkIstioMatches, withMatches } from './matches'
import { vsPath, type VirtualService } from './native'
import { previewOf } from '@/server/adapters/k8s/preview'
import { istioQueries } from './promql'
import { istioServices } from './services'
import {
  desiredWeights,
  nativeWeights,
  ownedRoute,
  splitOf,
  weightPatch,
  withWeights,
} from './split'

/** The JSON Patch to send: weights only, or (when the matches change) every http route. */
type IstioPlan = { patch: JsonPatchOp[] }

/** Istio: services are VirtualServices; the split is the weights of their default http route. */
export const istioAdapter: MeshAdapter = {
  kind: 'istio',
  sourceKinds: ['kubernetes'],
  discover: detectIstio,
  services: istioServices,
  metricQueries: (mesh) => istioQueries(mesh),

  async readSplit(service, source, signal) {
    const { vs, owned } = await readOwned(service, source, signal)
    return splitOf(vs, owned)
  },

  async planSplit(service, source, desired, signal) {
    const parsed = parseDesired(desired)
    const { vs, owned } = await readOwned(service, source, signal)
    const current = splitOf(vs, owned)
    checkBackendNames(parsed, current)
    checkMatchBackends(parsed, current)
    const weights = desiredWeights(owned, parsed)
    const matches = changedMatches(parsed, current)
    if (matches) checkIstioMatches(matches)
    const weighted = withWeights(vs, owned, weights)
    const after = matches ? withMatches(weighted, owned, matches) : weighted
    const native: IstioPlan = {
      patch: matches
        ? [
            revisionTest(parsed.revision),
            { op: 'replace', path: '/spec/http', value: after.spec.http },
          ]
        : weightPatch(owned, weights, parsed.revision),
    }
    return {
      service,
      desired: parsed,
      current,
      changes: !samePercents(nativeWeights(owned.route), weights) || !!matches,
      preview: previewOf(vs, after),
      native,
    }
  },

  async applySplit(plan: SplitPlan, source, signal) {
    const { service, desired, current } = plan
    if (current.revision !== desired.revision) throw new ConflictError(current)
    if (!plan.changes) return current
    const { patch } = plan.native as IstioPlan
    const written = await guardedPatch<VirtualService>(
      source,
      vsPath(service.namespace, service.name),
      patch,
      desired.revision,
      () => istioAdapter.readSplit(service, source, signal),
      signal,
    )
    const owned = ownedRoute(written)
    if (!owned)
      throw new NotFoundError(`${service.namespace}/${service.name} lost its default route`)
    return splitOf(written, owned)
  },
}

async function readOwned(service: ServiceKey, source: SourceHandle, signal: AbortSignal) {
  const where = `VirtualService ${service.namespace}/${service.name} in ${source.ref.name}`
  let vs: VirtualService
  try {
    vs = await source.kube.get<VirtualService>(vsPath(service.namespace, service.name), signal)
  } catch (err) {
    if (err instanceof KubeStatusError && err.code === 404)
      throw new NotFoundError(`${where} not found`)
    throw err
  }
  const owned = ownedRoute(vs)
  if (!owned) throw new NotFoundError(`${where} has no weighted default route`)
  return { vs, owned }
}
