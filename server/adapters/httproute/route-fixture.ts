import type { ContractFixture, ContractWorld } from '@/server/adapters/contract-suite'
import { candidateOf, kubeObjectWorld } from '@/server/adapters/k8s/object-fixture'
import { MESHES_SCENARIO, startTestLab } from '@/server/fixtures/test-lab'

/** A contract fixture over one HTTPRoute of the meshes lab: weights live in rules[].backendRefs[]. */
export function httpRouteFixture(
  cluster: string,
  routeApi: string,
  route: { namespace: string; name: string },
  service: { namespace: string; name: string; backends: string[] },
  malformed: ContractWorld['malformed'],
  /** A Service of the same app that the weighted rule does not name yet. */
  candidate?: string,
): ContractFixture {
  return {
    name: `lab cluster ${cluster}, ${routeApi} HTTPRoute ${route.namespace}/${route.name}`,
    ...candidateOf(service, candidate),
    async setup() {
      const lab = await startTestLab({ scenarioPath: MESHES_SCENARIO })
      const source = lab.source(cluster)
      const path = `/apis/${routeApi}/namespaces/${route.namespace}/httproutes/${route.name}`
      const world = kubeObjectWorld(source, path)
      return {
        source,
        service,
        ...world,
        isWeightPath: (p) => /^spec\.rules\.\d+\.backendRefs\.\d+\.weight$/.test(p),
        malformed,
        candidateWorld: {
          readNative: world.readNative,
          isRoutePath: (p) => /^spec\.rules\.\d+\.backendRefs\b/.test(p),
        },
        stop: () => lab.stop(),
      }
    },
  }
}
