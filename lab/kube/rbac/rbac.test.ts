// RBAC evaluated on every request: the demo people (as Meshpane impersonates them), Meshpane's own
// least-privilege identity and a scenario token, against the demo's roles; then policy written
// through the API, which applies from the next request on.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../../lab'
import { failureStatus, kubeClient, type RequestOptions } from '../../test-client'

let lab: Lab
beforeAll(async () => {
  lab = await startLab({ dir: mkdtempSync(join(tmpdir(), 'lab-rbac-')) })
})
afterAll(() => lab?.stop())

const PEOPLE = {
  alice: ['mesh-admins'],
  bob: ['shop-devs'],
  carol: ['viewers'],
  dave: [],
} as const
type Who = keyof typeof PEOPLE | 'meshpane' | 'viewer-token' | 'admin'

/** A request as someone: a person through Meshpane's token and impersonation, or a token of its own. */
function as(who: Who, cluster: string, method: string, path: string, o: RequestOptions = {}) {
  const c = lab.clusters[cluster]!
  const token =
    who === 'admin' ? c.token : who === 'viewer-token' ? 'prod-eu-viewer-token' : c.meshpaneToken
  const groups: readonly string[] = PEOPLE[who as keyof typeof PEOPLE] ?? []
  const headers: Record<string, string | string[]> =
    who in PEOPLE ? { 'Impersonate-User': who, 'Impersonate-Group': [...groups] } : {}
  const body = method === 'PATCH' ? { metadata: { labels: { touched: 'yes' } } } : o.body
  return kubeClient(lab, cluster).call(method, path, {
    contentType: method === 'PATCH' ? 'application/merge-patch+json' : undefined,
    ...o,
    body,
    token,
    headers: { ...headers, ...o.headers },
  })
}

const vs = (ns?: string, name = '') =>
  `/apis/networking.istio.io/v1${ns ? `/namespaces/${ns}` : ''}/virtualservices${name && `/${name}`}`
const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'note' }, data: {} }

describe('the demo policy, evaluated on every request', () => {
  const table: [Who, string, string, string, number][] = [
    ['alice', 'prod-eu', 'PATCH', vs('bookinfo', 'reviews'), 200],
    ['alice', 'staging', 'PATCH', vs('shop', 'checkout'), 200],
    ['alice', 'prod-us', 'GET', '/api/v1/pods', 200],
    ['alice', 'prod-eu', 'POST', '/api/v1/namespaces/shop/configmaps', 201],
    ['bob', 'prod-eu', 'PATCH', vs('shop', 'checkout'), 200],
    ['bob', 'prod-eu', 'GET', vs('shop'), 200],
    ['bob', 'prod-eu', 'GET', '/api/v1/namespaces/shop', 200],
    ['bob', 'prod-eu', 'PATCH', vs('bookinfo', 'reviews'), 403],
    ['bob', 'prod-eu', 'GET', vs('bookinfo', 'reviews'), 403],
    ['bob', 'prod-eu', 'GET', vs(), 403],
    ['bob', 'prod-eu', 'GET', '/api/v1/namespaces/bookinfo', 403],
    ['bob', 'prod-eu', 'PATCH', `${vs('shop', 'checkout')}/status`, 403],
    ['bob', 'prod-eu', 'POST', '/api/v1/namespaces/shop/configmaps', 403],
    ['bob', 'staging', 'GET', vs('shop', 'checkout'), 200],
    ['bob', 'staging', 'PATCH', vs('shop', 'checkout'), 403],
    ['bob', 'prod-us', 'GET', vs('bookinfo'), 403],
    ['carol', 'prod-eu', 'GET', vs(), 200],
    ['carol', 'prod-us', 'GET', '/api/v1/namespaces/bookinfo/pods', 200],
    ['carol', 'prod-eu', 'PATCH', vs('shop', 'checkout'), 403],
    ['carol', 'prod-eu', 'POST', '/api/v1/namespaces/shop/configmaps', 403],
    ['dave', 'prod-eu', 'GET', vs('shop'), 403],
    ['dave', 'prod-eu', 'GET', '/apis', 200],
    ['meshpane', 'prod-eu', 'PATCH', vs('bookinfo', 'ratings'), 200],
    ['meshpane', 'prod-eu', 'GET', '/api/v1/namespaces', 200],
    ['meshpane', 'prod-eu', 'DELETE', vs('bookinfo', 'ratings'), 403],
    ['meshpane', 'prod-eu', 'PUT', vs('bookinfo', 'ratings'), 403],
    ['meshpane', 'prod-eu', 'GET', '/api/v1/configmaps', 403],
    ['viewer-token', 'prod-eu', 'GET', vs(), 200],
    ['viewer-token', 'prod-eu', 'PATCH', vs('shop', 'checkout'), 403],
  ]

  it.each(table)('%s on %s: %s %s → %i', async (who, cluster, method, path, expected) => {
    const res = await as(who, cluster, method, path, method === 'POST' ? { body: configMap } : {})
    expect(res.status, res.body).toBe(expected)
  })

  it('refuses with the Status and message kube-apiserver writes', async () => {
    const res = await as('bob', 'prod-eu', 'PATCH', vs('bookinfo', 'reviews'))
    expect(res.json).toEqual(
      failureStatus(
        403,
        'Forbidden',
        'virtualservices.networking.istio.io "reviews" is forbidden: User "bob" cannot patch resource "virtualservices" in API group "networking.istio.io" in the namespace "bookinfo"',
        { name: 'reviews', group: 'networking.istio.io', kind: 'virtualservices' },
      ),
    )
    const list = await as('bob', 'prod-eu', 'GET', '/api/v1/pods')
    expect(list.json.message).toBe(
      'pods is forbidden: User "bob" cannot list resource "pods" in API group "" at the cluster scope',
    )
    expect(list.json.details).toEqual({ kind: 'pods' })
    const status = await as('bob', 'prod-eu', 'PATCH', `${vs('shop', 'checkout')}/status`)
    expect(status.json.message).toContain('cannot patch resource "virtualservices/status"')
  })

  it('refuses non-resource paths to whoever is not signed in, with their own message', async () => {
    const res = await as('meshpane', 'prod-eu', 'GET', '/apis', {
      headers: { 'Impersonate-User': 'nobody', 'Impersonate-Group': 'system:unauthenticated' },
    })
    expect(res.status).toBe(403)
    expect(res.json.message).toBe('forbidden: User "nobody" cannot get path "/apis"')
    expect(res.json.details).toEqual({})
  })
})

describe('policy written through the API', () => {
  const admin = (method: string, path: string, body?: unknown) =>
    as('admin', 'prod-us', method, path, { body })
  const rbac = '/apis/rbac.authorization.k8s.io/v1'

  it('applies from the next request: resourceNames, */status, a ServiceAccount, a removed binding', async () => {
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'reviews-reader' },
      rules: [
        {
          apiGroups: ['networking.istio.io'],
          resources: ['virtualservices'],
          resourceNames: ['reviews'],
          verbs: ['get'],
        },
        { apiGroups: ['*'], resources: ['*/status'], verbs: ['get'] },
      ],
    }
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'reviews-readers' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reviews-reader' },
      subjects: [
        { kind: 'User', name: 'dave' },
        { kind: 'ServiceAccount', name: 'ci' }, // no namespace: the binding's
      ],
    }
    expect((await admin('POST', `${rbac}/namespaces/bookinfo/roles`, role)).status).toBe(201)
    expect((await admin('POST', `${rbac}/namespaces/bookinfo/rolebindings`, binding)).status).toBe(
      201,
    )
    const get = (who: string, path: string) =>
      as('admin', 'prod-us', 'GET', path, { headers: { 'Impersonate-User': who } })
    expect((await get('dave', vs('bookinfo', 'reviews'))).status).toBe(200)
    expect((await get('dave', vs('bookinfo', 'ratings'))).status).toBe(403)
    expect((await get('dave', vs('bookinfo'))).status).toBe(403)
    expect((await get('dave', `${vs('bookinfo', 'ratings')}/status`)).status).toBe(200)
    expect((await get('dave', `${vs('shop', 'ratings')}/status`)).status).toBe(403)
    const ci = 'system:serviceaccount:bookinfo:ci'
    expect((await get(ci, vs('bookinfo', 'reviews'))).status).toBe(200)
    expect((await get('system:serviceaccount:shop:ci', vs('bookinfo', 'reviews'))).status).toBe(403)
    await admin('DELETE', `${rbac}/namespaces/bookinfo/rolebindings/reviews-readers`)
    expect((await get('dave', vs('bookinfo', 'reviews'))).status).toBe(403)
  })

  it('names a binding whose role is missing in the refusal, as the RBAC authorizer does', async () => {
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'ghost-readers' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'ghost' },
      subjects: [{ kind: 'Group', name: 'haunted' }],
    }
    expect((await admin('POST', `${rbac}/clusterrolebindings`, binding)).status).toBe(201)
    const res = await as('admin', 'prod-us', 'GET', '/api/v1/pods', {
      headers: { 'Impersonate-User': 'erin', 'Impersonate-Group': 'haunted' },
    })
    expect(res.json.message).toBe(
      'pods is forbidden: User "erin" cannot list resource "pods" in API group "" at the cluster scope: RBAC: clusterrole.rbac.authorization.k8s.io "ghost" not found',
    )
  })
})
