import 'server-only'
import { meshId } from '@/lib/ids'
import { toConsulWeights } from '@/lib/native-weights'
import type { Mesh } from '@/lib/schemas'
import { listSorted } from '@/server/adapters/k8s/list-sorted'
import { refOfListed, type Pod, type Workload } from '@/server/adapters/k8s/objects'
import { serviceReadiness } from '@/server/adapters/k8s/readiness'
import { weightedObjectAdapter } from '@/server/adapters/k8s/weighted-object-adapter'
import { namespaceOf } from '@/server/adapters/k8s/workload-index'
import type { SourceHandle } from '@/server/sources/source'
import { backendName, ServiceResolver, ServiceSplitter, targetOf } from './native'
import { consulQueries } from './promql'

const API = '/apis/consul.hashicorp.com/v1alpha1'

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

/**
 * The resolvers listed with each splitter, by `namespace/name` (the first of a name, indexed once
 * per list): a split's subset is its target service's resolver's.
 */
const resolversBy = new WeakMap<ServiceSplitter, Map<string, ServiceResolver>>()

const resolverKey = (namespace: string, service: string) => `${namespace}/${service}`

function byName(resolvers: readonly ServiceResolver[]) {
  const map = new Map<string, ServiceResolver>()
  for (const r of resolvers) {
    const key = resolverKey(namespaceOf(r), r.metadata.name)
    if (!map.has(key)) map.set(key, r)
  }
  return map
}

const resolverFor = (splitter: ServiceSplitter, namespace: string, service: string) =>
  resolversBy.get(splitter)?.get(resolverKey(namespace, service))

const resolverOf = (splitter: ServiceSplitter) =>
  resolverFor(splitter, splitter.metadata.namespace ?? 'default', splitter.metadata.name)

export const consulAdapter = weightedObjectAdapter<ServiceSplitter>({
  kind: 'consul',
  metricQueries: consulQueries,
  discover: detectConsul,
  async list(source, signal) {
    const [splitters, resolvers] = await Promise.all([
      listSorted(source, `${API}/servicesplitters`, ServiceSplitter, signal),
      listSorted(source, `${API}/serviceresolvers`, ServiceResolver, signal),
    ])
    const resolverIndex = byName(resolvers.objects)
    const objects = splitters.objects.map((object) => {
      resolversBy.set(object, resolverIndex)
      return {
        object,
        path: `${API}/namespaces/${object.metadata.namespace}/servicesplitters/${object.metadata.name}`,
      }
    })
    return { objects, rejected: [...splitters.rejected, ...resolvers.rejected] }
  },
  serviceOf: (splitter) => splitter.metadata.name,
  // Splitters and resolvers are both named after the service they configure.
  concerns: (raw) => {
    const ref = refOfListed(raw)
    return `${ref.namespace ?? 'default'}/${ref.name}`
  },
  backends: (splitter) =>
    splitter.spec.splits.map((s) => ({ name: backendName(s, splitter), weight: s.weight })),
  nativeWeights: (splitter, percents) =>
    toConsulWeights(
      percents,
      splitter.spec.splits.map((s) => s.weight),
    ),
  weightPath: (j) => `/spec/splits/${j}/weight`,
  listPath: '/spec/splits',
  // The subsets the service's own resolver defines that no split sends to.
  candidates(splitter, _services, listed) {
    const taken = splitter.spec.splits.map((s) => backendName(s, splitter))
    return Object.keys(resolverOf(listed)?.spec.subsets ?? {}).filter((s) => !taken.includes(s))
  },
  withBackends(splitter, next) {
    const kept = (name: string) =>
      splitter.spec.splits.find((s) => backendName(s, splitter) === name)
    const weights = toConsulWeights(
      next.map((b) => b.weight),
      next.map((b) => (b.joins ? 0 : kept(b.name)!.weight)),
    )
    const list = next.map((b, i) => ({
      ...(b.joins ? { serviceSubset: b.name } : structuredClone(kept(b.name)!)),
      weight: weights[i]!,
    }))
    return { object: { ...splitter, spec: { ...splitter.spec, splits: list } }, list }
  },
  readiness(world, splitter, backend) {
    // A candidate is a subset of the service itself.
    const split = splitter.spec.splits.find((s) => backendName(s, splitter) === backend) ?? {
      weight: 0,
      serviceSubset: backend,
    }
    const { namespace, service, subset } = targetOf(split, splitter)
    const resolver = resolverFor(splitter, namespace, service)
    // No subset named: the resolver's default subset, else every instance (as Consul resolves it).
    const chosen = subset ?? resolver?.spec.defaultSubset
    const filter = chosen ? resolver?.spec.subsets?.[chosen]?.filter : undefined
    return serviceReadiness(world, namespace, service, subsetFilter(filter))
  },
  capabilities: {
    matches: false,
    reason:
      'Consul routes matching requests with a ServiceRouter, which Meshpane does not write yet',
  },
})
