// Bearer-token authentication and RBAC-like authorisation from the rules a scenario declares per token.
import { forbidden, unauthorized } from './status'

export interface AccessRule {
  verbs: string[]
  apiGroups: string[]
  resources: string[]
  namespaces?: string[] // omitted: every namespace and cluster-scoped resources
}

export interface Identity {
  user: string
  token: string
  rules: AccessRule[]
}

export interface Attributes {
  verb: string
  group: string
  resource: string
  namespace?: string
  name?: string
}

export const ALLOW_ALL: AccessRule[] = [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]

export function authenticate(identities: Identity[], header: string | undefined): Identity {
  const token = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim()
  const identity = identities.find((i) => i.token === token)
  if (!identity) throw unauthorized()
  return identity
}

const covers = (list: string[] | undefined, value: string) =>
  list === undefined || list.includes('*') || list.includes(value)

export function allowed(identity: Identity, a: Attributes): boolean {
  return identity.rules.some(
    (r) =>
      covers(r.verbs, a.verb) &&
      covers(r.apiGroups, a.group) &&
      covers(r.resources, a.resource) &&
      (a.namespace === undefined ? r.namespaces === undefined : covers(r.namespaces, a.namespace)),
  )
}

export function authorize(identity: Identity, a: Attributes, qualified: string) {
  if (allowed(identity, a)) return
  const scope = a.namespace ? ` in the namespace "${a.namespace}"` : ' at the cluster scope'
  const subject = a.name ? `${qualified} "${a.name}"` : qualified
  throw forbidden(
    `${subject} is forbidden: User "${identity.user}" cannot ${a.verb} resource "${a.resource}" in API group "${a.group}"${scope}`,
  )
}

/** The SelfSubjectAccessReview reply: the request echoed with its decision. */
export function selfSubjectAccessReview(identity: Identity, body: Record<string, unknown>) {
  const spec = (body.spec ?? {}) as { resourceAttributes?: Partial<Attributes> }
  const ra = spec.resourceAttributes
  const decision = ra
    ? allowed(identity, {
        verb: ra.verb ?? '',
        group: ra.group ?? '',
        resource: ra.resource ?? '',
        namespace: ra.namespace || undefined,
        name: ra.name,
      })
    : true
  return {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec,
    status: decision
      ? { allowed: true, reason: `allowed by lab rules for user "${identity.user}"` }
      : { allowed: false, denied: false, reason: '' },
  }
}
