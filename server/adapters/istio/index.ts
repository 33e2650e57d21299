import 'server-only'
import type { ServiceKey } from '@/lib/ids'
import { samePercents } from '@/lib/weights'
import type { MeshAdapter } from '@/server/adapters/contract'
import { guardedPatch, revisionTest, type JsonPatchOp } from '@/server/adapters/k8s/guarded-patch'
import { listSorted } from '@/server/adapters/k8s/list-sorted'
import { kubeRead } from '@/server/adapters/k8s/native-read'
import { previewOf } from '@/server/adapters/k8s/preview'
import { changedMatches } from '@/server/adapters/matches'
import { NotFoundError } from '@/server/errors'
import type { SourceHandle } from '@/server/sources/source'
import { routesOf } from './active'
import { istioPath, servedIstioVersion, vsPath } from './api'
import { detectIstio } from './detect'
import { checkIstioMatches, withMatches } from './matches'
import { VirtualService } from './native'
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

/** The VirtualService as read at `version`, the one written back (the cluster may not serve v1). */
type IstioRead = { vs: VirtualService; owned: OwnedRoute; version: string }
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
    return kubeRead(native.vs, splitOf(native.vs, native.owned), native)
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

  async write({ native: { vs, version } }, { patch }, source, signal) {
    const path = vsPath(version, vs.metadata.namespace ?? 'default', vs.metadata.name)
    const written = await guardedPatch<VirtualService>(source, path, patch, signal)
    const owned = ownedRoute(written)
    if (!owned) throw new NotFoundError(`${path} lost its default route`)
    return { split: splitOf(written, owned) }
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
  const { objects } = await listSorted(
    source,
    istioPath(version, 'virtualservices'),
    VirtualService,
    signal,
  )
  const { active: vs } = routesOf(objects, service)
  if (!vs) throw new NotFoundError(`no VirtualService routes ${where}`)
  const owned = ownedRoute(vs)
  if (!owned)
    throw new NotFoundError(
      `VirtualService ${vs.metadata.namespace}/${vs.metadata.name} (${where}) has no weighted default route`,
    )
  return { vs, owned, version }
}
