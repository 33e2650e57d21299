import type { ContractFixture } from '@/server/adapters/contract-suite'
import { MESHES_SCENARIO, startTestLab } from '@/server/fixtures/test-lab'

/** A contract fixture over one HTTPRoute of the meshes lab: weights live in rules[].backendRefs[]. */
export function httpRouteFixture(
  cluster: string,
  routeApi: string,
  route: { namespace: string; name: string },
  service: { namespace: string; name: string; backends: string[] },
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
        readNative: () => source.kube.get(path, AbortSignal.timeout(5000)),
        touch: async () => {
          const patch = {
            metadata: { annotations: { 'meshpane.dev/touched': String(Date.now()) } },
          }
          await source.kube.patch(path, 'merge', patch, AbortSignal.timeout(5000))
        },
        isWeightPath: (p) => /^spec\.rules\.\d+\.backendRefs\.\d+\.weight$/.test(p),
        isBookkeepingPath: (p) => /^metadata\.(resourceVersion|generation|managedFields)\b/.test(p),
        stop: () => lab.stop(),
      }
    },
  }
}
