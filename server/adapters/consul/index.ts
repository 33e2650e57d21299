import 'server-only'
import { meshId } from '@/lib/ids'
import { toConsulWeights } from '@/lib/native-weights'
import type { Mesh } from '@/lib/schemas'
import { listIfServed } from '@/server/adapters/k8s/guarded-patch'
import type { KubeObject, Pod, Workload } from '@/server/adapters/k8s/objects'
import { serviceReadiness } from '@/server/adapters/k8s/readiness'
import { weightedObjectAdapter } from '@/server/adapters/k8s/weighted-object-adapter'
import type { SourceHandle } from '@/server/sources/source'
import { consulQueries } from './promql'

const API = '/apis/consul.hashicorp.com/v1alpha1'

/** metadata.name is the split service; weights are floats (step .01) summing to exactly 100. */
type ServiceSplitter = KubeObject & {
  spec: {
    splits: { weight: number; service?: string; serviceSubset?: string; namespace?: string }[]
  }
}
type ServiceResolver = KubeObject & { spec: { subsets?: Record<string, { filter?: string }> } }

const backendName = (s: ServiceSplitter['spec']['splits'][number], splitter: ServiceSplitter) =>
  s.serviceSubset ?? s.service ?? splitter.metadata.name

/** Consul is present when its server StatefulSet runs (app=consul, component=server). */
async function detectConsul(source: SourceHandle, signal: AbortSignal): Promise<Mesh[]> {
  const servers = await source.kube.list<Workload>(
    '/apis/apps/v1/statefulsets',
    signal,
    'app=consul,component=server',
  )
  return servers.map((server) => {
    const image = server.spec?.template?.spec?.containers?.[0]?.image ?? ''
    const name = server.metadata.labels?.release ?? 'consul'
    return {
      id: meshId({ source: source.key, kind: 'consul', name }),
      kind: 'consul',
      name,
      version: image.includes(':') ? image.split(':').pop()! : 'unknown',
      source: source.ref,
      // Consul service mesh always speaks mTLS between sidecars; intentions decide who may talk.
      mtls: 'strict',
      controlPlaneNamespace: server.metadata.namespace,
    }
  })
}

/**
 * A subset filter `Service.Meta.<key> == <value>` as a pod predicate: consul-k8s copies the
 * pod annotation consul.hashicorp.com/service-meta-<key> into Service.Meta (the label, failing that).
 */
function subsetFilter(filter: string | undefined): (pod: Pod) => boolean {
  const m = /^\s*Service\.Meta\.([\w-]+)\s*==\s*"?([^"]+?)"?\s*$/.exec(filter ?? '')
  if (!m) return () => true
  const [, key, value] = m
  return (pod) =>
    (pod.metadata.annotations?.[`consul.hashicorp.com/service-meta-${key}`] ??
      pod.metadata.labels?.[key!]) === value
}

const resolversBy = new WeakMap<ServiceSplitter, ServiceResolver | undefined>()

export const consulAdapter = weightedObjectAdapter<ServiceSplitter>({
  kind: 'consul',
  metricQueries: consulQueries,
  discover: detectConsul,
  async list(source, signal) {
    const [splitters, resolvers] = await Promise.all([
      listIfServed<ServiceSplitter>(source, `${API}/servicesplitters`, signal),
      listIfServed<ServiceResolver>(source, `${API}/serviceresolvers`, signal),
    ])
    return splitters.map((object) => {
      const same = (r: KubeObject) =>
        r.metadata.name === object.metadata.name &&
        r.metadata.namespace === object.metadata.namespace
      resolversBy.set(object, resolvers.find(same))
      return {
        object,
        path: `${API}/namespaces/${object.metadata.namespace}/servicesplitters/${object.metadata.name}`,
      }
    })
  },
  serviceOf: (splitter) => splitter.metadata.name,
  backends: (splitter) =>
    splitter.spec.splits.map((s) => ({ name: backendName(s, splitter), weight: s.weight })),
  nativeWeights: (splitter, percents) =>
    toConsulWeights(
      percents,
      splitter.spec.splits.map((s) => s.weight),
    ),
  weightPath: (j) => `/spec/splits/${j}/weight`,
  readiness(world, splitter, backend) {
    const split = splitter.spec.splits.find((s) => backendName(s, splitter) === backend)!
    const namespace = split.namespace ?? splitter.metadata.namespace ?? 'default'
    const service = split.service ?? splitter.metadata.name
    const filter = split.serviceSubset
      ? resolversBy.get(splitter)?.spec.subsets?.[split.serviceSubset]?.filter
      : undefined
    return serviceReadiness(world, namespace, service, subsetFilter(filter))
  },
  capabilities: {
    matches: false,
    reason:
      'Consul routes matching requests with a ServiceRouter, which Meshpane does not write yet',
  },
})
