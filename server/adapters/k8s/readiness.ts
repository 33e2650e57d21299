import 'server-only'
import type { KubeService, Pod } from './objects'

/** The Services and Pods of one source, listed once per `services()` call. */
export type Workloads = { services: KubeService[]; pods: Pod[] }

export const isReady = (p: Pod) =>
  p.status?.phase === 'Running' &&
  (p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')

/**
 * Replicas behind a Kubernetes Service (its selector, narrowed by `extra` labels and by `also`, a
 * per-pod predicate such as a Consul subset filter). A Service without selector selects nothing
 * here rather than every pod of the namespace.
 */
export function serviceReadiness(
  world: Workloads,
  namespace: string,
  name: string,
  also: (pod: Pod) => boolean = () => true,
): { replicas: number; readyReplicas: number } {
  const service = world.services.find(
    (s) => s.metadata.name === name && (s.metadata.namespace ?? 'default') === namespace,
  )
  const selector = service?.spec?.selector ?? {}
  if (Object.keys(selector).length === 0) return { replicas: 0, readyReplicas: 0 }
  const pods = world.pods.filter(
    (p) =>
      (p.metadata.namespace ?? 'default') === namespace &&
      Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v) &&
      also(p),
  )
  return { replicas: pods.length, readyReplicas: pods.filter(isReady).length }
}
