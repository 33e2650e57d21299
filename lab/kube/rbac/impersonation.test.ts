// Impersonation as kube-apiserver checks it: the `impersonate` verb on users, groups, service
// accounts, uids and user extras (resourceNames honoured), the Status bodies of refusals, and who
// the request then is (SelfSubjectReview, as `kubectl auth whoami` reads it).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../lab'
import { failureStatus, kubeClient } from '../../test-client'

let lab: Lab
let kube: ReturnType<typeof kubeClient>
const WHOAMI = '/apis/authentication.k8s.io/v1/selfsubjectreviews'
const review = { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }

beforeAll(async () => {
  lab = await startLab({ dir: mkdtempSync(join(tmpdir(), 'lab-impersonation-')) })
  kube = kubeClient(lab, 'prod-eu')
  // The scenario's viewer may impersonate bob and the shop-devs, no one else.
  for (const [path, body] of [
    [
      '/apis/rbac.authorization.k8s.io/v1/clusterroles',
      {
        metadata: { name: 'impersonate-bob' },
        rules: [
          { apiGroups: [''], resources: ['users'], resourceNames: ['bob'], verbs: ['impersonate'] },
          {
            apiGroups: [''],
            resources: ['groups'],
            resourceNames: ['shop-devs'],
            verbs: ['impersonate'],
          },
        ],
      },
    ],
    [
      '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
      {
        metadata: { name: 'viewer-impersonates-bob' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'impersonate-bob',
        },
        subjects: [{ kind: 'User', name: 'viewer' }],
      },
    ],
  ] as const)
    expect((await kube.call('POST', path, { body })).status).toBe(201)
})
afterAll(() => lab?.stop())

const whoami = (token: string, headers: Record<string, string | string[]>) =>
  kube.call('POST', WHOAMI, { token, headers, body: review })

describe('impersonation', () => {
  it('acts as the user and groups Meshpane names, who are also system:authenticated', async () => {
    const meshpane = lab.clusters['prod-eu']!.meshpaneToken
    const res = await whoami(meshpane, {
      'Impersonate-User': 'bob',
      'Impersonate-Group': 'shop-devs',
    })
    expect(res.status).toBe(201)
    expect(res.json).toEqual({
      kind: 'SelfSubjectReview',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { creationTimestamp: null },
      status: { userInfo: { username: 'bob', groups: ['shop-devs', 'system:authenticated'] } },
    })
    const repeated = await whoami(meshpane, {
      'Impersonate-User': 'alice',
      'Impersonate-Group': ['mesh-admins', 'system:authenticated'],
    })
    expect(repeated.json.status.userInfo.groups).toEqual(['mesh-admins', 'system:authenticated'])
    const itself = await whoami(meshpane, {})
    expect(itself.json.status.userInfo).toEqual({
      username: 'meshpane',
      groups: ['system:authenticated'],
    })
  })

  it('honours resourceNames: the viewer may be bob of the shop-devs, and no one else', async () => {
    const viewer = 'prod-eu-viewer-token'
    const bob = await whoami(viewer, {
      'Impersonate-User': 'bob',
      'Impersonate-Group': 'shop-devs',
    })
    expect(bob.json.status.userInfo.username).toBe('bob')
    const alice = await whoami(viewer, { 'Impersonate-User': 'alice' })
    expect(alice.status).toBe(403)
    expect(alice.json).toEqual(
      failureStatus(
        403,
        'Forbidden',
        'users "alice" is forbidden: User "viewer" cannot impersonate resource "users" in API group "" at the cluster scope',
        { name: 'alice', kind: 'users' },
      ),
    )
    const admins = await whoami(viewer, {
      'Impersonate-User': 'bob',
      'Impersonate-Group': ['shop-devs', 'mesh-admins'],
    })
    expect(admins.json.message).toBe(
      'groups "mesh-admins" is forbidden: User "viewer" cannot impersonate resource "groups" in API group "" at the cluster scope',
    )
  })

  it('refuses Meshpane what its role does not grant: service accounts, uids, extras', async () => {
    const meshpane = lab.clusters['prod-eu']!.meshpaneToken
    const sa = await whoami(meshpane, { 'Impersonate-User': 'system:serviceaccount:shop:ci' })
    expect(sa.json.message).toBe(
      'serviceaccounts "ci" is forbidden: User "meshpane" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "shop"',
    )
    expect(sa.json.details).toEqual({ name: 'ci', kind: 'serviceaccounts' })
    const uid = await whoami(meshpane, { 'Impersonate-User': 'bob', 'Impersonate-Uid': 'u-1' })
    expect(uid.json.message).toBe(
      'uids.authentication.k8s.io "u-1" is forbidden: User "meshpane" cannot impersonate resource "uids" in API group "authentication.k8s.io" at the cluster scope',
    )
    expect(uid.json.details).toEqual({ name: 'u-1', group: 'authentication.k8s.io', kind: 'uids' })
    const extra = await whoami(meshpane, {
      'Impersonate-User': 'bob',
      'Impersonate-Extra-Scopes': 'view',
    })
    expect(extra.json.message).toBe(
      'userextras.authentication.k8s.io "view" is forbidden: User "meshpane" cannot impersonate resource "userextras/scopes" in API group "authentication.k8s.io" at the cluster scope',
    )
  })

  it('gives an impersonated service account its groups, and carries uid and extras', async () => {
    const sa = await whoami(lab.clusters['prod-eu']!.token, {
      'Impersonate-User': 'system:serviceaccount:shop:ci',
    })
    expect(sa.json.status.userInfo).toEqual({
      username: 'system:serviceaccount:shop:ci',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:shop', 'system:authenticated'],
    })
    const full = await whoami(lab.clusters['prod-eu']!.token, {
      'Impersonate-User': 'bob',
      'Impersonate-Uid': 'u-1',
      'Impersonate-Extra-Acme.com%2Fproject': ['a', 'b'],
    })
    expect(full.json.status.userInfo).toEqual({
      username: 'bob',
      uid: 'u-1',
      groups: ['system:authenticated'],
      extra: { 'acme.com/project': ['a', 'b'] },
    })
  })

  it('answers 400 to groups without a user', async () => {
    const res = await whoami(lab.clusters['prod-eu']!.token, { 'Impersonate-Group': 'shop-devs' })
    expect(res.status).toBe(400)
    expect(res.json).toMatchObject({
      reason: 'BadRequest',
      message: 'requested [{Group  shop-devs    }] without impersonating a user',
    })
  })
})
