// What admission and the control plane fill in on create: cluster IPs, namespace phase, pod status.
import { timestamp } from './time'
import type { KubeObject } from './types'

let nextIp = 0

const allocate = (prefix: string) => {
  nextIp += 1
  return `${prefix}.${Math.floor(nextIp / 250) % 250}.${(nextIp % 250) + 1}`
}

export function readyPodStatus(ready: boolean) {
  const now = timestamp()
  const condition = (type: string, ok: boolean) => ({
    type,
    status: ok ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: now,
  })
  return {
    phase: 'Running',
    conditions: [
      condition('Initialized', true),
      condition('Ready', ready),
      condition('ContainersReady', ready),
      condition('PodScheduled', true),
    ],
    hostIP: '172.18.0.2',
    podIP: allocate('10.244'),
    startTime: now,
  }
}

/** Fills in server-side defaults for a new object, in place. */
export function applyDefaults(obj: KubeObject): void {
  switch (obj.kind) {
    case 'Namespace':
      obj.metadata.labels = {
        ...obj.metadata.labels,
        'kubernetes.io/metadata.name': obj.metadata.name!,
      }
      obj.spec = { finalizers: ['kubernetes'], ...obj.spec }
      obj.status = { phase: 'Active' }
      break
    case 'Service':
      obj.spec = { type: 'ClusterIP', sessionAffinity: 'None', ...obj.spec }
      if (!obj.spec.clusterIP) obj.spec.clusterIP = allocate('10.96')
      obj.spec.clusterIPs = [obj.spec.clusterIP]
      obj.status = { loadBalancer: {} }
      break
    case 'Deployment':
      obj.spec = { replicas: 1, ...obj.spec }
      break
    case 'Pod':
      if (!obj.status?.phase) obj.status = readyPodStatus(true)
      break
  }
}
