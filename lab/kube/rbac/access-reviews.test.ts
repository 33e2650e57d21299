// SelfSubjectAccessReview and SubjectAccessReview, answered by the evaluator that authorises
// requests: the reason names the binding that allows, a refusal has no opinion, invalid specs 422.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../lab'
import { kubeClient } from '../../test-client'

let lab: Lab
let kube: ReturnType<typeof kubeClient>
let meshpane: string
const API = '/apis/authorization.k8s.io/v1'

beforeAll(async () => {
  lab = await startLab({ dir: mkdtempSync(join(tmpdir(), 'lab-reviews-')) })
  kube = kubeClient(lab, 'prod-eu')
  meshpane = lab.clusters['prod-eu']!.meshpaneToken
})
afterAll(() => lab?.stop())

const patchVs = (namespace: string, name: string) => ({
  resourceAttributes: {
    namespace,
    verb: 'patch',
    group: 'networking.istio.io',
    resource: 'virtualservices',
    name,
  },
})

/** A SelfSubjectAccessReview as Meshpane impersonating someone, as `kubectl auth can-i --as` sends it. */
function selfReview(user: string, groups: string[], spec: object) {
  return kube.call('POST', `${API}/selfsubjectaccessreviews`, {
    token: meshpane,
    headers: { 'Impersonate-User': user, 'Impersonate-Group': groups },
    body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec },
  })
}

const subjectReview = (spec: object, token = meshpane) =>
  kube.call('POST', `${API}/subjectaccessreviews`, {
    token,
    body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec },
  })

describe('SelfSubjectAccessReview', () => {
  it('echoes the review with the decision and the binding that allows it', async () => {
    const alice = await selfReview('alice', ['mesh-admins'], patchVs('bookinfo', 'reviews'))
    expect(alice.status).toBe(201)
    expect(alice.json).toEqual({
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: patchVs('bookinfo', 'reviews'),
      status: {
        allowed: true,
        reason:
          'RBAC: allowed by ClusterRoleBinding "mesh-admins" of ClusterRole "cluster-admin" to Group "mesh-admins"',
      },
    })
    const bob = await selfReview('bob', ['shop-devs'], patchVs('shop', 'checkout'))
    expect(bob.json.status).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by RoleBinding "shop-devs-routing/shop" of ClusterRole "mesh-routing-editor" to Group "shop-devs"',
    })
    const refused = await selfReview('bob', ['shop-devs'], patchVs('bookinfo', 'reviews'))
    expect(refused.json.status).toEqual({ allowed: false })
    const discovery = await selfReview('bob', [], {
      nonResourceAttributes: { path: '/apis', verb: 'get' },
    })
    expect(discovery.json.status.reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"',
    )
  })

  it('names a service account subject with its namespace', async () => {
    const binding = {
      metadata: { name: 'ci-reads' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'mesh-viewer' },
      subjects: [{ kind: 'ServiceAccount', name: 'ci' }],
    }
    const path = '/apis/rbac.authorization.k8s.io/v1/namespaces/bookinfo/rolebindings'
    expect((await kube.call('POST', path, { body: binding })).status).toBe(201)
    const res = await kube.call('POST', `${API}/selfsubjectaccessreviews`, {
      headers: { 'Impersonate-User': 'system:serviceaccount:bookinfo:ci' },
      body: {
        spec: { resourceAttributes: { namespace: 'bookinfo', verb: 'list', resource: 'pods' } },
      },
    })
    expect(res.json.status.reason).toBe(
      'RBAC: allowed by RoleBinding "ci-reads/bookinfo" of ClusterRole "mesh-viewer" to ServiceAccount "ci/bookinfo"',
    )
  })

  it('refuses a review with no attributes, or both kinds, with 422', async () => {
    const none = await selfReview('bob', [], {})
    expect(none.status).toBe(422)
    expect(none.json.message).toBe(
      'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified',
    )
    const both = await selfReview('bob', [], {
      ...patchVs('shop', 'checkout'),
      nonResourceAttributes: { path: '/apis', verb: 'get' },
    })
    expect(both.status).toBe(422)
  })
})

describe('SubjectAccessReview', () => {
  it('asks about exactly the user and groups given, nothing implied', async () => {
    const list = {
      resourceAttributes: {
        verb: 'list',
        group: 'networking.istio.io',
        resource: 'virtualservices',
      },
    }
    const carol = await subjectReview({ user: 'carol', groups: ['viewers'], ...list })
    expect(carol.status).toBe(201)
    expect(carol.json.status).toEqual({
      allowed: true,
      reason:
        'RBAC: allowed by ClusterRoleBinding "viewers" of ClusterRole "mesh-viewer" to Group "viewers"',
    })
    expect(carol.json.spec.user).toBe('carol')
    expect((await subjectReview({ user: 'carol', ...list })).json.status.allowed).toBe(false)
    const bob = await subjectReview({
      user: 'bob',
      groups: ['shop-devs'],
      ...patchVs('shop', 'checkout'),
    })
    expect(bob.json.status.allowed).toBe(true)
    const discovery = { nonResourceAttributes: { path: '/apis', verb: 'get' } }
    expect((await subjectReview({ user: 'bob', ...discovery })).json.status.allowed).toBe(false)
  })

  it('needs create on subjectaccessreviews, and a user or a group', async () => {
    const viewer = await subjectReview(
      { user: 'bob', ...patchVs('shop', 'checkout') },
      'prod-eu-viewer-token',
    )
    expect(viewer.status).toBe(403)
    expect(viewer.json.message).toBe(
      'subjectaccessreviews.authorization.k8s.io is forbidden: User "viewer" cannot create resource "subjectaccessreviews" in API group "authorization.k8s.io" at the cluster scope',
    )
    const nobody = await subjectReview(patchVs('shop', 'checkout'))
    expect(nobody.status).toBe(422)
    expect(nobody.json.message).toBe(
      'SubjectAccessReview.authorization.k8s.io "" is invalid: spec.user: Invalid value: "": at least one of user or group must be specified',
    )
  })
})
