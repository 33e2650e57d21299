// A fleet as a lab scenario, for the fleet-scale bench: `clusters` Istio clusters of `services`
// services each, in namespaces of 20, every tenth a canary (v1 and v2 weighted 90/10 by its
// VirtualService); three pods a service, so 200 services make 601 pods with istiod; 5 requests
// per second each in the traffic model.
// Run: npx tsx lab/fleet-scale.ts [clusters=50] [services=200] > .lab/fleet.yaml
import YAML from 'yaml'

const PER_NAMESPACE = 20
const CANARY_EVERY = 10
// The traffic model simulates every request: 10,000 services at the default 50 rps would keep a
// core busy; 5 rps each still gives every backend's metrics a few requests per scrape.
const RPS = 5

/** The name of the i-th cluster of a fleet (fleet-00, fleet-01...). */
export const fleetClusterName = (i: number, clusters: number) =>
  `fleet-${String(i).padStart(String(clusters - 1).length, '0')}`

function service(i: number) {
  const name = `svc-${i}`
  const namespace = `team-${Math.floor(i / PER_NAMESPACE)}`
  const canary = i % CANARY_EVERY === CANARY_EVERY - 1
  // The first of a namespace is called from outside; the others by it, spreading the traffic model.
  const entry = `svc-${i - (i % PER_NAMESPACE)}`
  return {
    shorthand: {
      name,
      namespace,
      ...(entry !== name && { caller: entry }),
      rps: RPS,
      versions: canary
        ? [
            { name: 'v1', replicas: 2 },
            { name: 'v2', replicas: 1, behaviour: { errorRate: 0.02 } },
          ]
        : [{ name: 'v1', replicas: 3 }],
    },
    objects: [
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name, namespace },
        spec: {
          host: name,
          subsets: (canary ? ['v1', 'v2'] : ['v1']).map((v) => ({
            name: v,
            labels: { version: v },
          })),
        },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name, namespace },
        spec: {
          hosts: [name],
          http: [
            {
              route: canary
                ? [
                    { destination: { host: name, subset: 'v1' }, weight: 90 },
                    { destination: { host: name, subset: 'v2' }, weight: 10 },
                  ]
                : [{ destination: { host: name, subset: 'v1' }, weight: 100 }],
            },
          ],
        },
      },
    ],
  }
}

/**
 * As a scenario: every cluster alike (the same namespaces, services and routing), shared through
 * YAML anchors so the file stays small whatever the number of clusters.
 */
export function fleetScaleScenario(clusters = 50, services = 200) {
  const all = Array.from({ length: services }, (_, i) => service(i))
  const namespaces = [...new Set(all.map((s) => s.shorthand.namespace))].map((name) => ({
    name,
    labels: { 'istio-injection': 'enabled' },
  }))
  const meshes = [{ kind: 'istio', version: '1.24.2' }]
  const shared = {
    meshes,
    namespaces,
    services: all.map((s) => s.shorthand),
    objects: all.flatMap((s) => s.objects),
  }
  return {
    description: `Fleet scale: ${clusters} Istio clusters × ${services} services`,
    shared,
    clusters: Array.from({ length: clusters }, (_, i) => ({
      name: fleetClusterName(i, clusters),
      ...shared,
    })),
  }
}

/** The scenario as YAML, the shared lists written once and aliased by every cluster. */
export function fleetScaleYaml(clusters?: number, services?: number): string {
  const scenario = fleetScaleScenario(clusters, services)
  const doc = new YAML.Document(scenario, { aliasDuplicateObjects: true })
  return doc.toString({ lineWidth: 0 })
}

if (process.argv[1]?.endsWith('fleet-scale.ts'))
  process.stdout.write(
    fleetScaleYaml(Number(process.argv[2] ?? 50), Number(process.argv[3] ?? 200)),
  )
