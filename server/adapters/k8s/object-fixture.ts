import type { ContractFixture } from '@/server/adapters/contract-suite'
import { MESHES_SCENARIO, startTestLab } from '@/server/fixtures/test-lab'

/** A contract fixture over one split object of the meshes lab (TrafficSplit, ServiceSplitter). */
export function splitObjectFixture(
  cluster: string,
  path: string,
  weightPath: RegExp,
  service: { namespace: string; name: string; backends: string[] },
): ContractFixture {
  return {
    name: `lab cluster ${cluster}, ${path}`,
    async setup() {
      const lab = await startTestLab({ scenarioPath: MESHES_SCENARIO })
      const source = lab.source(cluster)
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
        isWeightPath: (p) => weightPath.test(p),
        isBookkeepingPath: (p) => /^metadata\.(resourceVersion|generation|managedFields)\b/.test(p),
        stop: () => lab.stop(),
      }
    },
  }
}
