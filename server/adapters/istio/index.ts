import 'server-only'
import type { ServiceKey } from '@/lib/ids'
import { samePercents } from '@/lib/weights'
import type { MeshAdapter } from '@/server/adapters/contract'
import {
  getObject,
  guardedPatch,
  revisionTest,
  type JsonPatchOp,
} from '@/server/adapters/k8s/guarded-patch'
import { kubeRead } from '@/server/adapters/k8s/native-read'
import { previewOf } from '@/server/adapters/k8s/preview'
import { changedMatches } from '@/server/adapters/matches'
import { NotFoundError } from '@/server/errors'
import type { SourceHandle } from '@/server/sources/source'
import { detectIstio } from './detect'
import { checkIstioMatches, withMatches } from './matches'
import { vsPath, type VirtualService } from './native'
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

type IstioRead = { vs: VirtualService; owned: OwnedRoute }
/** The JSON Patch to send: weights only, or (when the matches change) every http route. */
type IstioChange = { patch: JsonPatchOp[] }

/** Istio: services are VirtualServices; the split is the weights of their default http route. */
export const istioAdapter: MeshAdapter<SourceHandle, IstioRead, IstioChange> = {
  kind: 'istio',
  sourceKinds: ['kubernetes'],
  discover: detectIstio,
  services: istioServices,
  metricQueries: (mesh) => istioQueries(mesh),

  async read(service, source, signal) {
    const { vs, owned } = await readOwned(service, source, signal)
    return kubeRead(vs, splitOf(vs, owned), { vs, owned })
  },

  plan({ split, native: { vs, owned } }, desired) {
    const weights = desiredWeights(owned, desired)
    const matches = changedMatches(desired, split)
    if (matches) checkIstioMatches(matches)
    const weighted = withWeights(vs, owned, weights)
    const after = matches ? withMatches(weighted, owned, matches) : weighted
    const patch: JsonPatchOp[] = matches
      ? [
          revisionTest(split.revision),
          { op: 'replace', path: '/spec/http', value: after.spec.http },
        ]
      : weightPatch(owned, weights, split.revision)
    return {
      changes: !samePercents(nativeWeights(owned.route), weights) || !!matches,
      preview: previewOf(vs, after),
      change: { patch },
    }
  },

  async write({ native: { vs } }, { patch }, source, signal) {
    const path = vsPath(vs.metadata.namespace ?? 'default', vs.metadata.name)
    const written = await guardedPatch<VirtualService>(source, path, patch, signal)
    const owned = ownedRoute(written)
    if (!owned) throw new NotFoundError(`${path} lost its default route`)
    return { split: splitOf(written, owned) }
  },
}

async function readOwned(service: ServiceKey, source: SourceHandle, signal: AbortSignal) {
  const what = `VirtualService ${service.namespace}/${service.name}`
  const path = vsPath(service.namespace, service.name)
  const vs = await getObject<VirtualService>(source, path, what, signal)
  const owned = ownedRoute(vs)
  if (!owned) throw new NotFoundError(`${what} in ${source.ref.name} has no weighted default route`)
  return { vs, owned }
}
