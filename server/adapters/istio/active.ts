import 'server-only'
import { winner } from '@/server/adapters/k8s/precedence'
import { serviceOf, type ServiceRef } from './hosts'
import type { VirtualService } from './native'

const keyOf = (s: ServiceRef) => `${s.namespace}/${s.name}`

/** The VirtualServices routing each service (see `serviceOf`), keyed `namespace/name`. */
export function byService(virtualServices: readonly VirtualService[]) {
  const map = new Map<string, { service: ServiceRef; contenders: VirtualService[] }>()
  for (const vs of virtualServices) {
    const service = serviceOf(vs)
    const entry = map.get(keyOf(service)) ?? { service, contenders: [] }
    entry.contenders.push(vs)
    map.set(keyOf(service), entry)
  }
  return map
}

/** Of the VirtualServices of one service, the one the sidecars obey (the oldest, precedence.ts). */
export const activeOf = (contenders: readonly VirtualService[]) =>
  winner(contenders.map((vs) => ({ vs, meta: vs.metadata, rank: 0 })))?.vs

/** The VirtualServices routing `service`, and the one the sidecars obey. */
export function routesOf(virtualServices: readonly VirtualService[], service: ServiceRef) {
  const contenders = byService(virtualServices).get(keyOf(service))?.contenders ?? []
  return { contenders, active: activeOf(contenders) }
}
