import 'server-only'
import type { ServiceKey } from '@/lib/ids'
import { samePercents } from '@/lib/weights'
import type { MeshAdapter, SplitPlan } from '@/server/adapters/contract'
import { checkBackendNames, parseDesired } from '@/server/adapters/desired'
import { ConflictError, NotFoundError, UnprocessableError } from '@/server/errors'
import { KubeStatusError } from '@/server/sources/kube-errors'
import type { SourceHandle } from '@/server/sources/source'
import { detectIstio } from './detect'
import { vsPath, type VirtualService } from './native'
import { previewOf } from './preview'
import { istioQueries } from './promql'
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

type IstioPlan = { owned: OwnedRoute; weights: number[] }

/** Istio: services are VirtualServices; the split is the weights of their default http route. */
export const istioAdapter: MeshAdapter = {
  kind: 'istio',
  sourceKinds: ['kubernetes'],
  discover: detectIstio,
  services: istioServices,
  metricQueries: istioQueries,

  async readSplit(service, source, signal) {
    const { vs, owned } = await readOwned(service, source, signal)
    return splitOf(vs, owned)
  },

  async planSplit(service, source, desired, signal) {
    const parsed = parseDesired(desired)
    const { vs, owned } = await readOwned(service, source, signal)
    const current = splitOf(vs, owned)
    checkBackendNames(parsed, current)
    const weights = desiredWeights(owned, parsed)
    const native: IstioPlan = { owned, weights }
    return {
      service,
      desired: parsed,
      current,
      changes: !samePercents(nativeWeights(owned.route), weights),
      preview: previewOf(vs, withWeights(vs, owned, weights)),
      native,
    }
  },

  async applySplit(plan: SplitPlan, source, signal) {
    const { service, desired, current } = plan
    if (current.revision !== desired.revision) throw new ConflictError(current)
    if (!plan.changes) return current
    const { owned, weights } = plan.native as IstioPlan
    const path = vsPath(service.namespace, service.name)
    try {
      const written = await source.kube.patch<VirtualService>(
        path,
        'json',
        weightPatch(owned, weights, desired.revision),
        signal,
      )
      return splitOf(written, ownedRoute(written) ?? owned)
    } catch (err) {
      // A failed `test` comes back as 409 or 422 depending on the server: tell by re-reading.
      if (err instanceof KubeStatusError && (err.code === 409 || err.code === 422)) {
        const fresh = await istioAdapter.readSplit(service, source, signal)
        if (fresh.revision !== desired.revision) throw new ConflictError(fresh)
        throw new UnprocessableError(`${source.ref.name} refused the change: ${err.message}`)
      }
      throw err
    }
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
