import type { ContractFixture, ContractWorld } from '@/server/adapters/contract-suite'
import { MESHES_SCENARIO, startTestLab } from '@/server/fixtures/test-lab'
import type { SourceHandle } from '@/server/sources/source'

const signal = () => AbortSignal.timeout(5000)
const annotate = (source: SourceHandle, path: string, annotations: Record<string, string | null>) =>
  source.kube.patch(path, 'merge', { metadata: { annotations } }, signal())

/** Argo CD's tracking annotation: the object is synced from Git and changes to it are reverted. */
const TRACKING = 'argocd.argoproj.io/tracking-id'

/** The parts of a contract world that any Kubernetes object at `path` gets the same way. */
export function kubeObjectWorld(
  source: SourceHandle,
  path: string,
): Pick<ContractWorld, 'readNative' | 'touch' | 'own' | 'disown' | 'isBookkeepingPath'> {
  return {
    readNative: () => source.kube.get(path, signal()),
    touch: async () => {
      await annotate(source, path, { 'meshpane.dev/touched': String(Date.now()) })
    },
    own: async () => {
      await annotate(source, path, { [TRACKING]: 'shop:networking/Route:mesh/contract' })
    },
    disown: async () => {
      await annotate(source, path, { [TRACKING]: null })
    },
    isBookkeepingPath: (p) => /^metadata\.(resourceVersion|generation|managedFields)\b/.test(p),
  }
}

/**
 * The candidate part of a fixture whose service (its backends all routed) has a version `name`
 * that could join: the object at `path`, whose list of backends is under `listPath`.
 */
export function candidateOf(
  service: { namespace: string; name: string; backends: string[] },
  name: string | undefined,
): Pick<ContractFixture, 'candidate'> {
  return name
    ? {
        candidate: {
          namespace: service.namespace,
          service: service.name,
          route: service.backends,
          name,
        },
      }
    : {}
}

/** A contract fixture over one split object of the meshes lab (TrafficSplit, ServiceSplitter). */
export function splitObjectFixture(
  cluster: string,
  path: string,
  weightPath: RegExp,
  service: { namespace: string; name: string; backends: string[] },
  malformed: ContractWorld['malformed'],
  candidate?: { name: string; listPath: RegExp },
): ContractFixture {
  return {
    name: `lab cluster ${cluster}, ${path}`,
    ...candidateOf(service, candidate?.name),
    async setup() {
      const lab = await startTestLab({ scenarioPath: MESHES_SCENARIO })
      const source = lab.source(cluster)
      const world = kubeObjectWorld(source, path)
      return {
        source,
        service,
        ...world,
        isWeightPath: (p) => weightPath.test(p),
        malformed,
        ...(candidate && {
          candidateWorld: {
            readNative: world.readNative,
            isRoutePath: (p: string) => candidate.listPath.test(p),
          },
        }),
        stop: () => lab.stop(),
      }
    },
  }
}
