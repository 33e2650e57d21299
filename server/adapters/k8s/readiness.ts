import 'server-only'
import type { Pod } from './objects'
import type { Workloads } from './workload-index'

export const isReady = (p: Pod) =>
  p.status?.phase === 'Running' &&
  (p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')

/** How many of `pods` there are, and how many are ready. */
export const replicasOf = (pods: readonly Pod[]) => ({
  replicas: pods.length,
  readyReplicas: pods.filter(isReady).length,
})

/**
 * Replicas behind a Kubernetes Service (its selector, narrowed by `also`, a per-pod predicate such
 * as a Consul subset filter). A Service without selector selects nothing here rather than every
 * pod of the namespace.
 */
export function serviceReadiness(
  world: Workloads,
  namespace: string,
  name: string,
  also: (pod: Pod) => boolean = () => true,
): { replicas: number; readyReplicas: number } {
  const selector = world.services.get(namespace, name)?.spec?.selector
  return replicasOf(world.pods.matching(namespace, selector).filter(also))
}
