// The lab's Kubernetes API over HTTPS, checked against the wire formats real clients rely on.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../lab'
import { kubeClient } from '../test-client'

let lab: Lab
let kube: ReturnType<typeof kubeClient>
const VS = '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices'
const HISTORY = 40

beforeAll(async () => {
  lab = await startLab({
    dir: mkdtempSync(join(tmpdir(), 'lab-api-')),
    historyLimit: HISTORY,
    bookmarkIntervalMs: 50,
  })
  kube = kubeClient(lab, 'prod-eu')
})
afterAll(() => lab?.stop())

describe('discovery', () => {
  it('serves legacy discovery, also to clients asking for aggregated discovery', async () => {
    const aggregated =
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json'
    const apis = await kube.call('GET', '/apis', { accept: aggregated })
    expect(apis.headers['content-type']).toBe('application/json')
    const istio = apis.json.groups.find((g: { name: string }) => g.name === 'networking.istio.io')
    expect(istio.preferredVersion.groupVersion).toBe('networking.istio.io/v1')
    expect(istio.versions.map((v: { version: string }) => v.version)).toEqual([
      'v1',
      'v1beta1',
      'v1alpha3',
    ])
    const api = await kube.call('GET', '/api')
    expect(api.json).toMatchObject({ kind: 'APIVersions', versions: ['v1'] })
    const core = await kube.call('GET', '/api/v1')
    expect(core.json.resources.find((r: { name: string }) => r.name === 'pods')).toMatchObject({
      kind: 'Pod',
      namespaced: true,
    })
    const group = await kube.call('GET', '/apis/networking.istio.io/v1beta1')
    expect(
      group.json.resources.find((r: { kind: string }) => r.kind === 'VirtualService'),
    ).toMatchObject({
      name: 'virtualservices',
      shortNames: ['vs'],
      verbs: expect.arrayContaining(['get', 'list', 'watch', 'patch', 'update']),
    })
    expect((await kube.call('GET', '/version', { token: null })).json.gitVersion).toMatch(
      /^v1\.\d+/,
    )
  })
})

describe('authentication and authorisation', () => {
  it('refuses requests without the right bearer token', async () => {
    for (const token of [null, 'wrong-token']) {
      const res = await kube.call('GET', '/api/v1/pods', { token })
      expect(res.status).toBe(401)
      expect(res.json).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 })
    }
  })

  it('answers SelfSubjectAccessReview from RBAC (the viewer token reads, does not patch)', async () => {
    const review = (verb: string, token?: string) =>
      kube.call('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        token,
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: {
            resourceAttributes: {
              namespace: 'bookinfo',
              verb,
              group: 'networking.istio.io',
              resource: 'virtualservices',
              name: 'reviews',
            },
          },
        },
      })
    const admin = await review('patch')
    expect(admin.status).toBe(201)
    expect(admin.json.status.allowed).toBe(true)
    expect(admin.json.spec.resourceAttributes.verb).toBe('patch')
    expect((await review('patch', 'prod-eu-viewer-token')).json.status.allowed).toBe(false)
    expect((await review('list', 'prod-eu-viewer-token')).json.status.allowed).toBe(true)
    const denied = await kube.call('PATCH', `${VS}/reviews`, {
      token: 'prod-eu-viewer-token',
      contentType: 'application/merge-patch+json',
      body: { metadata: { labels: { x: 'y' } } },
    })
    expect(denied.status).toBe(403)
    expect(denied.json.reason).toBe('Forbidden')
  })
})

describe('list', () => {
  it('filters with equality and set-based label selectors and field selectors', async () => {
    const names = async (query: string) =>
      (await kube.call('GET', `/api/v1/namespaces/bookinfo/pods?${query}`)).json.items.map(
        (p: { metadata: { labels: Record<string, string> } }) => p.metadata.labels.version,
      )
    expect(
      (await names('labelSelector=' + encodeURIComponent('app=reviews,version in (v2,v3)'))).sort(),
    ).toEqual(['v2', 'v3'])
    expect(
      await names('labelSelector=' + encodeURIComponent('app==reviews,version notin (v1,v2)')),
    ).toEqual(['v3'])
    expect(await names('labelSelector=' + encodeURIComponent('app=ratings,version!=v1'))).toEqual([
      'v2',
    ])
    expect(
      await names('labelSelector=' + encodeURIComponent('app=details,!missing,version')),
    ).toEqual(['v1'])
    const byName = await kube.call('GET', `${VS}?fieldSelector=metadata.name%3Dreviews`)
    expect(byName.json.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual([
      'reviews',
    ])
    const bad = await kube.call('GET', `${VS}?fieldSelector=spec.hosts%3Dx`)
    expect(bad.status).toBe(400)
    expect(bad.json.reason).toBe('BadRequest')
  })

  it('lists across namespaces and pages with limit and continue', async () => {
    const all = await kube.call('GET', '/apis/networking.istio.io/v1/virtualservices')
    expect(all.json).toMatchObject({
      kind: 'VirtualServiceList',
      apiVersion: 'networking.istio.io/v1',
    })
    expect(all.json.metadata.continue).toBeUndefined()
    const seen: string[] = []
    let token = ''
    let pages = 0
    do {
      const page = await kube.call(
        'GET',
        `/apis/networking.istio.io/v1/virtualservices?limit=4${token ? `&continue=${token}` : ''}`,
      )
      expect(page.json.items.length).toBeLessThanOrEqual(4)
      seen.push(
        ...page.json.items.map(
          (i: { metadata: { namespace: string; name: string } }) =>
            `${i.metadata.namespace}/${i.metadata.name}`,
        ),
      )
      token = page.json.metadata.continue ?? ''
      pages++
    } while (token)
    expect(pages).toBe(2)
    expect(seen).toEqual(
      all.json.items.map(
        (i: { metadata: { namespace: string; name: string } }) =>
          `${i.metadata.namespace}/${i.metadata.name}`,
      ),
    )
  })

  it('answers a malformed continue token with 400 and an expired one with 410', async () => {
    expect((await kube.call('GET', `${VS}?limit=1&continue=garbage`)).status).toBe(400)
    const first = await kube.call('GET', `${VS}?limit=1`)
    for (let i = 0; i <= HISTORY; i++)
      await kube.call('PATCH', `${VS}/ratings`, {
        contentType: 'application/merge-patch+json',
        body: { metadata: { labels: { churn: String(i) } } },
      })
    const stale = await kube.call('GET', `${VS}?limit=1&continue=${first.json.metadata.continue}`)
    expect(stale.status).toBe(410)
    expect(stale.json).toMatchObject({ kind: 'Status', reason: 'Expired', code: 410 })
  })
})
