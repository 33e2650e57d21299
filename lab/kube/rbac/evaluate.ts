// The RBAC authorizer: walks the ClusterRoleBindings, then the RoleBindings of the request's
// namespace, and allows on the first rule that matches, naming the binding in its reason exactly
// as kube-apiserver does (plugin/pkg/auth/authorizer/rbac).
import { findByKind } from '../resources'
import type { Store } from '../store'
import type { KubeObject } from '../types'

export interface UserInfo {
  name: string
  groups: string[]
  uid?: string
  extra?: Record<string, string[]>
}

export type Attributes = { user: UserInfo; verb: string } & (
  | { path: string } // a non-resource request (/apis, /version, ...)
  | {
      group: string
      resource: string
      subresource?: string
      namespace?: string
      name?: string
    }
)

export interface Decision {
  allowed: boolean
  reason: string
}

interface PolicyRule {
  verbs?: string[]
  apiGroups?: string[]
  resources?: string[]
  resourceNames?: string[]
  nonResourceURLs?: string[]
}

interface Subject {
  kind: string
  name: string
  namespace?: string
}

interface Binding extends KubeObject {
  roleRef?: { kind: string; name: string }
  subjects?: Subject[]
}

const RBAC = 'rbac.authorization.k8s.io/v1'
const TYPES = {
  ClusterRole: findByKind(RBAC, 'ClusterRole')!,
  ClusterRoleBinding: findByKind(RBAC, 'ClusterRoleBinding')!,
  Role: findByKind(RBAC, 'Role')!,
  RoleBinding: findByKind(RBAC, 'RoleBinding')!,
}

const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:'

/** `system:serviceaccount:<namespace>:<name>`, split; undefined for any other user name. */
export function serviceAccountOf(
  username: string,
): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined
  const parts = username.slice(SERVICE_ACCOUNT_PREFIX.length).split(':')
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined
  return { namespace: parts[0], name: parts[1] }
}

const hasOrStar = (list: string[] | undefined, value: string) =>
  (list ?? []).some((v) => v === '*' || v === value)

function resourceMatches(rule: PolicyRule, resource: string, subresource?: string) {
  const combined = subresource ? `${resource}/${subresource}` : resource
  return (rule.resources ?? []).some(
    (r) => r === '*' || r === combined || (subresource !== undefined && r === `*/${subresource}`),
  )
}

function urlMatches(rule: PolicyRule, path: string) {
  return (rule.nonResourceURLs ?? []).some(
    (u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1))),
  )
}

export function ruleAllows(a: Attributes, rule: PolicyRule): boolean {
  if (!hasOrStar(rule.verbs, a.verb)) return false
  if ('path' in a) return urlMatches(rule, a.path)
  return (
    hasOrStar(rule.apiGroups, a.group) &&
    resourceMatches(rule, a.resource, a.subresource) &&
    (!rule.resourceNames?.length || rule.resourceNames.includes(a.name ?? ''))
  )
}

function appliesTo(user: UserInfo, s: Subject, bindingNamespace: string) {
  if (s.kind === 'User') return user.name === s.name
  if (s.kind === 'Group') return user.groups.includes(s.name)
  if (s.kind !== 'ServiceAccount') return false
  const namespace = s.namespace || bindingNamespace
  return namespace !== '' && user.name === `${SERVICE_ACCOUNT_PREFIX}${namespace}:${s.name}`
}

function describeSubject(s: Subject, bindingNamespace: string) {
  const name = s.kind === 'ServiceAccount' ? `${s.name}/${s.namespace || bindingNamespace}` : s.name
  return `${s.kind} "${name}"`
}

/** The rules a binding's roleRef grants, or the NotFound text the real resolver reports. */
function rulesOf(store: Store, b: Binding, namespace: string): PolicyRule[] | string {
  const ref = b.roleRef ?? { kind: '', name: '' }
  if (ref.kind !== 'Role' && ref.kind !== 'ClusterRole')
    return `unsupported role reference kind: "${ref.kind}"`
  const role = store.peek(TYPES[ref.kind], namespace || undefined, ref.name)
  if (!role) return `${ref.kind.toLowerCase()}.rbac.authorization.k8s.io "${ref.name}" not found`
  return (role.rules as PolicyRule[] | undefined) ?? []
}

/** Allowed with the binding that allows it, or not allowed with the resolution errors met on the way. */
export function evaluate(store: Store, a: Attributes): Decision {
  const namespace = 'path' in a ? '' : (a.namespace ?? '')
  // Asked on every request: the stored bindings are read, not copied.
  const scopes: [string, Binding[]][] = [['', store.peekSorted(TYPES.ClusterRoleBinding)]]
  if (namespace) scopes.push([namespace, store.peekSorted(TYPES.RoleBinding, namespace)])
  const errors: string[] = []
  for (const [bindingNamespace, bindings] of scopes)
    for (const b of bindings) {
      const subject = (b.subjects ?? []).find((s) => appliesTo(a.user, s, bindingNamespace))
      if (!subject) continue
      const rules = rulesOf(store, b, bindingNamespace)
      if (typeof rules === 'string') {
        errors.push(rules)
        continue
      }
      if (!rules.some((r) => ruleAllows(a, r))) continue
      const which = bindingNamespace
        ? `RoleBinding "${b.metadata.name}/${bindingNamespace}"`
        : `ClusterRoleBinding "${b.metadata.name}"`
      return {
        allowed: true,
        reason: `RBAC: allowed by ${which} of ${b.roleRef!.kind} "${b.roleRef!.name}" to ${describeSubject(subject, bindingNamespace)}`,
      }
    }
  const unique = [...new Set(errors)]
  const aggregate = unique.length > 1 ? `[${unique.join(', ')}]` : (unique[0] ?? '')
  return { allowed: false, reason: aggregate && `RBAC: ${aggregate}` }
}
