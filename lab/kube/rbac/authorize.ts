// Authorising a request with the RBAC evaluator, refused with the 403 Status kube-apiserver writes
// (responsewriters.Forbidden: the forbidden message, then the authorizer's reason if it gave one).
import { KubeError } from '../status'
import type { Store } from '../store'
import { evaluate, type Attributes } from './evaluate'

function forbiddenMessage(a: Attributes) {
  const who = `User "${a.user.name}" cannot ${a.verb}`
  if ('path' in a) return `${who} path "${a.path}"`
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope'
  return `${who} resource "${resource}" in API group "${a.group}" ${scope}`
}

export function forbidden(a: Attributes, reason: string): KubeError {
  const why = reason ? `${forbiddenMessage(a)}: ${reason}` : forbiddenMessage(a)
  if ('path' in a) return new KubeError(403, 'Forbidden', `forbidden: ${why}`, {})
  const qualified = a.group ? `${a.resource}.${a.group}` : a.resource
  const subject = a.name ? `${qualified} "${a.name}"` : qualified
  return new KubeError(403, 'Forbidden', `${subject} is forbidden: ${why}`, {
    ...(a.name ? { name: a.name } : {}),
    ...(a.group ? { group: a.group } : {}),
    kind: a.resource,
  })
}

/** Throws the 403 unless RBAC allows the request. */
export function authorize(store: Store, a: Attributes): void {
  const decision = evaluate(store, a)
  if (!decision.allowed) throw forbidden(a, decision.reason)
}
