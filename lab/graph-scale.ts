// A large call graph as a lab scenario, for the service-graph bench: `services` Istio services over
// four clusters in namespaces of 50, every third with a canary, each called by about
// `calls / services` services of its namespace (the lab's callers share a namespace).
// Run: npx tsx lab/graph-scale.ts [services=1000] [calls=3000] > .lab/graph-scale.yaml
import YAML from 'yaml'
import { seededRandom } from './traffic/behaviour'

const CLUSTERS = ['scale-a', 'scale-b', 'scale-c', 'scale-d']
const PER_NAMESPACE = 50

export type ScaleService = {
  name: string
  namespace: string
  versions: string[]
  caller?: string[]
}
export type ScaleCluster = { name: string; services: ScaleService[] }

/** The clusters and their services with callers; deterministic for a seed. */
export function graphScale(services = 1000, calls = 3000, seed = 12): ScaleCluster[] {
  const random = seededRandom(seed)
  const perService = calls / services
  const clusters: ScaleCluster[] = CLUSTERS.map((name) => ({ name, services: [] }))
  for (let i = 0; i < services; i++) {
    const group = Math.floor(i / PER_NAMESPACE)
    const cluster = clusters[group % clusters.length]!
    const namespace = `team-${group}`
    const index = i % PER_NAMESPACE
    const siblings = cluster.services.filter((s) => s.namespace === namespace)
    // The first of a namespace is its entry (called from outside); later ones pick earlier callers.
    const wanted = Math.min(index, Math.round(perService + (random() - 0.5) * 2))
    const callers = new Set<string>()
    while (callers.size < wanted)
      callers.add(siblings[Math.floor(random() * siblings.length)]!.name)
    cluster.services.push({
      name: `svc-${i}`,
      namespace,
      versions: index % 3 === 0 ? ['v1', 'v2'] : ['v1'],
      ...(callers.size > 0 && { caller: [...callers] }),
    })
  }
  return clusters
}

/** As a scenario: each service routed by a VirtualService over its DestinationRule's subsets. */
export function graphScaleScenario(services?: number, calls?: number) {
  return {
    description: `Service graph scale: ${services ?? 1000} services, ~${calls ?? 3000} calls`,
    clusters: graphScale(services, calls).map((c) => ({
      name: c.name,
      meshes: [{ kind: 'istio', version: '1.24.2' }],
      namespaces: [...new Set(c.services.map((s) => s.namespace))].map((name) => ({
        name,
        labels: { 'istio-injection': 'enabled' },
      })),
      services: c.services.map((s) => ({
        name: s.name,
        namespace: s.namespace,
        ...(s.caller && { caller: s.caller }),
        versions: s.versions.map((name) => ({ name })),
      })),
      objects: c.services.flatMap((s) => [
        {
          apiVersion: 'networking.istio.io/v1',
          kind: 'DestinationRule',
          metadata: { name: s.name, namespace: s.namespace },
          spec: {
            host: s.name,
            subsets: s.versions.map((v) => ({ name: v, labels: { version: v } })),
          },
        },
        {
          apiVersion: 'networking.istio.io/v1',
          kind: 'VirtualService',
          metadata: { name: s.name, namespace: s.namespace },
          spec: {
            hosts: [s.name],
            http: [
              {
                route: s.versions.map((v, i) => ({
                  destination: { host: s.name, subset: v },
                  weight: s.versions.length === 1 ? 100 : i === 0 ? 90 : 10,
                })),
              },
            ],
          },
        },
      ]),
    })),
  }
}

if (process.argv[1]?.endsWith('graph-scale.ts'))
  process.stdout.write(
    YAML.stringify(
      graphScaleScenario(Number(process.argv[2] ?? 1000), Number(process.argv[3] ?? 3000)),
    ),
  )
