import type { ContractFixture, ContractWorld } from '@/server/adapters/contract-suite'
import { kubeObjectWorld } from '@/server/adapters/k8s/object-fixture'
import { MESHES_SCENARIO, startTestLab } from '@/server/fixtures/test-lab'

/** A contract fixture over one HTTPRoute of the meshes lab: weights live in rules[].backendRefs[]. */
export function httpRouteFixture(
  cluster: string,
  routeApi: string,
  route: { namespace: string; name: string },
  service: { namespace: string; name: string; backends: string[] },
  malformed: ContractWorld['malformed'],
): ContractFixture {
  return {
    name: `lab cluster ${cluster}, ${routeApi} HTTPRoute ${route.namespace}/${route.name}`,
    async setup() {
      const lab = await startTestLab({ scenarioPath: MESHES_SCENARIO })
      const source = lab.source(cluster)
      const path = `/apis/${routeApi}/namespaces/${route.namespace}/httproutes/${route.name}`
      return {
        source,
        service,
        ...kubeObjectWorld(source, path),
        isWeightPath: (p) => /^spec\.rules\.\d+\.backendRefs\.\d+\.weight$/.test(p),
        malformed,
        stop: () => lab.stop(),
      }
    },
  }
}
