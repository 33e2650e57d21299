// SelfSubjectAccessReview and SubjectAccessReview (authorization.k8s.io/v1), answered by the same
// RBAC evaluator that authorises every request, with the real validation and reply shapes; and
// SelfSubjectReview (authentication.k8s.io/v1), which says who the requester is.
import { parseObject } from '../http'
import type { ResourceType } from '../resources'
import { invalid } from '../status'
import type { KubeObject } from '../types'
import type { Store } from '../store'
import { evaluate, type Attributes, type UserInfo } from './evaluate'
import { decodeReview, PROTOBUF } from '../protobuf'

interface ReviewSpec {
  resourceAttributes?: {
    namespace?: string
    verb?: string
    group?: string
    resource?: string
    subresource?: string
    name?: string
  }
  nonResourceAttributes?: { path?: string; verb?: string }
  user?: string
  groups?: string[]
  uid?: string
  extra?: Record<string, string[]>
}

function attributesOf(t: ResourceType, user: UserInfo, spec: ReviewSpec): Attributes {
  const ra = spec.resourceAttributes
  const nra = spec.nonResourceAttributes
  if (ra && nra)
    throw invalid(
      t,
      '',
      'spec.nonResourceAttributes',
      `Invalid value: &authorization.NonResourceAttributes{Path:"${nra.path ?? ''}", Verb:"${nra.verb ?? ''}"}: cannot be specified in combination with resourceAttributes`,
    )
  if (nra) return { user, verb: nra.verb ?? '', path: nra.path ?? '' }
  if (!ra)
    throw invalid(
      t,
      '',
      'spec.resourceAttributes',
      'Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified',
    )
  return {
    user,
    verb: ra.verb ?? '',
    group: ra.group ?? '',
    resource: ra.resource ?? '',
    subresource: ra.subresource || undefined,
    namespace: ra.namespace || undefined,
    name: ra.name || undefined,
  }
}

/** Whom a SubjectAccessReview asks about: exactly its user, groups, uid and extra (nothing implied). */
function subjectOf(t: ResourceType, spec: ReviewSpec): UserInfo {
  if (!spec.user && !spec.groups?.length)
    throw invalid(
      t,
      '',
      'spec.user',
      'Invalid value: "": at least one of user or group must be specified',
    )
  return {
    name: spec.user ?? '',
    groups: spec.groups ?? [],
    ...(spec.uid ? { uid: spec.uid } : {}),
    ...(spec.extra ? { extra: spec.extra } : {}),
  }
}

/** `kubectl auth whoami`: who the request is, after impersonation. */
const selfSubjectReview = (user: UserInfo) => ({
  kind: 'SelfSubjectReview',
  apiVersion: 'authentication.k8s.io/v1',
  metadata: { creationTimestamp: null },
  status: {
    userInfo: {
      username: user.name,
      ...(user.uid ? { uid: user.uid } : {}),
      groups: user.groups,
      ...(user.extra ? { extra: user.extra } : {}),
    },
  },
})

/**
 * The review echoed with its decision, 201: a SelfSubjectAccessReview asks about the requester (as
 * impersonated, so `kubectl auth can-i --as` works), a SubjectAccessReview about its spec's subject.
 */
export function answerReview(
  t: ResourceType,
  store: Store,
  requester: UserInfo,
  body: Buffer,
  contentType: string,
) {
  if (t.kind === 'SelfSubjectReview') return selfSubjectReview(requester)
  const review = (
    contentType.startsWith(PROTOBUF) ? decodeReview(body) : parseObject(body.toString('utf8'))
  ) as KubeObject & { spec?: ReviewSpec }
  const spec = review.spec ?? {}
  const subject = t.kind === 'SubjectAccessReview' ? subjectOf(t, spec) : requester
  const decision = evaluate(store, attributesOf(t, subject, spec))
  return {
    kind: t.kind,
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { ...review.metadata, creationTimestamp: null },
    spec,
    status: {
      allowed: decision.allowed,
      ...(decision.reason ? { reason: decision.reason } : {}),
    },
  }
}
