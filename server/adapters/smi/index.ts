import 'server-only'
import { meshId } from '@/lib/ids'
import { parseQuantity, toQuantityWeights, toRelativeWeights } from '@/lib/native-weights'
import type { Mesh } from '@/lib/schemas'
import { z } from 'zod'
import { preferredVersion } from '@/server/adapters/k8s/guarded-patch'
import { listSorted } from '@/server/adapters/k8s/list-sorted'
import { refOfListed, type Workload } from '@/server/adapters/k8s/objects'
import { serviceReadiness } from '@/server/adapters/k8s/readiness'
import { sameAppServices } from '@/server/adapters/k8s/same-app'
import { weightedObjectAdapter } from '@/server/adapters/k8s/weighted-object-adapter'
import type { SourceHandle } from '@/server/sources/source'
import { rootServiceName, TrafficSplit } from './native'
import { smiQueries } from './promql'

const GROUP = 'split.smi-spec.io'
export const SMI_DEPRECATED =
  'SMI is archived (CNCF, 2023): its TrafficSplit is no longer developed; Linkerd and Istio shift traffic with Gateway API HTTPRoutes instead.'

/** SMI is present when the cluster serves TrafficSplit; OSM's controller, when found, names the version. */
async function detectSmi(source: SourceHandle, signal: AbortSignal): Promise<Mesh[]> {
  const version = await preferredVersion(source, GROUP, signal)
  if (!version) return []
  const [osm] = await source.kube.list<Workload>(
    '/apis/apps/v1/deployments',
    signal,
    'app=osm-controller',
  )
  const key = {
    source: source.key,
    kind: 'smi' as const,
    name: osm?.metadata.labels?.meshName ?? 'smi',
  }
  return [
    {
      id: meshId(key),
      kind: 'smi',
      name: key.name,
      version: osm?.metadata.labels?.['app.kubernetes.io/version'] ?? `${GROUP}/${version}`,
      source: source.ref,
      // OSM enforces mTLS between every meshed pod; bare SMI says nothing about it.
      mtls: osm ? 'strict' : 'unknown',
      ...(osm && { controlPlaneNamespace: osm.metadata.namespace }),
      deprecated: SMI_DEPRECATED,
    },
  ]
}

const isQuantity = (ts: TrafficSplit) => ts.spec.backends.some((b) => typeof b.weight === 'string')

/** The root of a TrafficSplit that does not fit, read as far as it can be. */
const Root = z
  .looseObject({ spec: z.looseObject({ service: z.string().min(1) }) })
  .transform((ts) => rootServiceName(ts.spec.service))
  .catch('')

export const smiAdapter = weightedObjectAdapter<TrafficSplit>({
  kind: 'smi',
  metricQueries: smiQueries,
  discover: detectSmi,
  async list(source, signal) {
    const version = await preferredVersion(source, GROUP, signal)
    if (!version) return { objects: [], rejected: [] }
    const { objects, rejected } = await listSorted(
      source,
      `/apis/${GROUP}/${version}/trafficsplits`,
      TrafficSplit,
      signal,
    )
    const located = objects.map((object) => ({
      object,
      path: `/apis/${GROUP}/${version}/namespaces/${object.metadata.namespace}/trafficsplits/${object.metadata.name}`,
    }))
    return { objects: located, rejected }
  },
  // A TrafficSplit with `matches` applies to matching requests only: the default split has none.
  serviceOf: (ts) => (ts.spec.matches?.length ? null : rootServiceName(ts.spec.service)),
  concerns: (raw) => {
    const root = Root.parse(raw)
    return root ? `${refOfListed(raw).namespace ?? 'default'}/${root}` : null
  },
  backends: (ts) =>
    ts.spec.backends.map((b) => ({ name: b.service, weight: parseQuantity(b.weight) ?? 0 })),
  nativeWeights: (ts, percents) =>
    isQuantity(ts)
      ? toQuantityWeights(
          percents,
          ts.spec.backends.map((b) => b.weight),
        )
      : toRelativeWeights(
          percents,
          ts.spec.backends.map((b) => Number(b.weight)),
        ),
  weightPath: (j) => `/spec/backends/${j}/weight`,
  listPath: '/spec/backends',
  candidates: (ts, services) =>
    sameAppServices(
      services,
      { namespace: ts.metadata.namespace ?? 'default', name: rootServiceName(ts.spec.service) },
      ts.spec.backends.map((b) => b.service),
    ).map((c) => c.name),
  withBackends(ts, next) {
    const kept = (name: string) => ts.spec.backends.find((b) => b.service === name)
    const current = next.map((b) => (b.joins ? 0 : kept(b.name)!.weight))
    const percents = next.map((b) => b.weight)
    const weights = isQuantity(ts)
      ? toQuantityWeights(percents, current)
      : toRelativeWeights(percents, current.map(Number))
    const list = next.map((b, i) => ({
      ...(b.joins ? { service: b.name } : structuredClone(kept(b.name)!)),
      weight: weights[i]!,
    }))
    return { object: { ...ts, spec: { ...ts.spec, backends: list } }, list }
  },
  readiness: (world, ts, backend) =>
    serviceReadiness(world, ts.metadata.namespace ?? 'default', backend),
  capabilities: {
    matches: false,
    reason:
      'SMI matches live in separate TrafficSplits and HTTPRouteGroups, which Meshpane does not write',
  },
  deprecated: SMI_DEPRECATED,
})
