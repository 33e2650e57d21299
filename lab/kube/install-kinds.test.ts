// What installing an app asks of an API server: the kinds of an install manifest, dry runs that
// store nothing, validation that refuses a broken manifest, and service account tokens.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../lab'
import { kubeClient } from '../test-client'

let lab: Lab
let kube: ReturnType<typeof kubeClient>
const NS = '/api/v1/namespaces/bookinfo'
const DEPLOYMENTS = '/apis/apps/v1/namespaces/bookinfo/deployments'
const SA = `${NS}/serviceaccounts`

beforeAll(async () => {
  lab = await startLab({ dir: mkdtempSync(join(tmpdir(), 'lab-install-')) })
  kube = kubeClient(lab, 'prod-eu')
})
afterAll(() => lab?.stop())

const deployment = (name: string, podLabels: Record<string, string> = { app: name }) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: podLabels },
      spec: { containers: [{ name, image: `example/${name}:1` }] },
    },
  },
})

describe('the kinds of an install manifest', () => {
  it.each([
    ['/api/v1', 'secrets', 'Secret', { type: 'Opaque', data: { k: 'dg==' } }],
    ['/api/v1', 'serviceaccounts', 'ServiceAccount', {}],
    [
      '/api/v1',
      'persistentvolumeclaims',
      'PersistentVolumeClaim',
      { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
    ],
    [
      '/apis/networking.k8s.io/v1',
      'networkpolicies',
      'NetworkPolicy',
      { spec: { podSelector: {}, policyTypes: ['Ingress'] } },
    ],
    [
      '/apis/policy/v1',
      'poddisruptionbudgets',
      'PodDisruptionBudget',
      { spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'x' } } } },
    ],
  ])('%s %s: created, read back, listed in discovery', async (gv, plural, kind, rest) => {
    const created = await kube.call('POST', `${gv}/namespaces/bookinfo/${plural}`, {
      body: { apiVersion: gv.replace(/^\/apis?\//, ''), kind, metadata: { name: 'one' }, ...rest },
    })
    expect(created.status).toBe(201)
    const read = await kube.call('GET', `${gv}/namespaces/bookinfo/${plural}/one`)
    expect(read.json).toMatchObject({ kind, metadata: { name: 'one', namespace: 'bookinfo' } })
    const discovery = await kube.call('GET', gv)
    expect(discovery.json.resources).toContainEqual(
      expect.objectContaining({ name: plural, kind, namespaced: true }),
    )
  })
})

describe('dryRun=All', () => {
  it('answers a create, an update, a patch and a delete as they would be, and stores nothing', async () => {
    const before = await kube.call('GET', DEPLOYMENTS)
    const rv = before.json.metadata.resourceVersion
    const dry = await kube.call('POST', `${DEPLOYMENTS}?dryRun=All`, { body: deployment('dry') })
    expect(dry.status).toBe(201)
    expect(dry.json.metadata).toMatchObject({ name: 'dry', namespace: 'bookinfo', generation: 1 })
    expect(dry.json.metadata.uid).toBeTruthy()
    expect(dry.json.metadata.resourceVersion).toBeUndefined()
    expect(dry.json.spec.replicas).toBe(1) // defaulted, as the real write would be
    expect((await kube.call('GET', `${DEPLOYMENTS}/dry`)).status).toBe(404)

    const existing = (await kube.call('GET', `${DEPLOYMENTS}/reviews-v1`)).json
    const patched = await kube.call('PATCH', `${DEPLOYMENTS}/reviews-v1?dryRun=All`, {
      body: { spec: { replicas: 7 } },
      contentType: 'application/merge-patch+json',
    })
    expect(patched.status).toBe(200)
    expect(patched.json.spec.replicas).toBe(7)
    expect(patched.json.metadata.resourceVersion).toBe(existing.metadata.resourceVersion)
    const updated = await kube.call('PUT', `${DEPLOYMENTS}/reviews-v1?dryRun=All`, {
      body: { ...existing, metadata: { ...existing.metadata, labels: { dry: 'yes' } } },
    })
    expect(updated.json.metadata.labels).toEqual({ dry: 'yes' })
    const deleted = await kube.call('DELETE', `${DEPLOYMENTS}/reviews-v1?dryRun=All`)
    expect(deleted.status).toBe(200)

    const after = await kube.call('GET', `${DEPLOYMENTS}/reviews-v1`)
    expect(after.json.spec.replicas).toBe(existing.spec.replicas)
    expect(after.json.metadata.labels).toEqual(existing.metadata.labels)
    expect(after.json.metadata.resourceVersion).toBe(existing.metadata.resourceVersion)
    expect((await kube.call('GET', DEPLOYMENTS)).json.metadata.resourceVersion).toBe(rv)
  })

  it('deletes nothing in a namespace it dry-runs the deletion of', async () => {
    expect((await kube.call('DELETE', `${NS}?dryRun=All`)).status).toBe(200)
    expect((await kube.call('GET', `${DEPLOYMENTS}/reviews-v1`)).status).toBe(200)
    expect((await kube.call('GET', NS)).status).toBe(200)
  })

  it('still refuses what the real write would: a duplicate, an invalid object, another value', async () => {
    const dup = await kube.call('POST', `${DEPLOYMENTS}?dryRun=All`, {
      body: deployment('reviews-v1'),
    })
    expect(dup.json).toMatchObject({ code: 409, reason: 'AlreadyExists' })
    const bad = await kube.call('POST', `${DEPLOYMENTS}?dryRun=All`, {
      body: deployment('web', { app: 'other' }),
    })
    expect(bad.status).toBe(422)
    expect(bad.json.message).toBe(
      'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
    )
    const other = await kube.call('POST', `${DEPLOYMENTS}?dryRun=Yes`, { body: deployment('x') })
    expect(other.status).toBe(422)
    expect(other.json.message).toBe(
      'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Yes"}: supported values: "All"',
    )
  })
})

describe('validation of install kinds', () => {
  it.each([
    [
      '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'no-ns' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ kind: 'ServiceAccount', name: 'meshpane' }],
      },
      'ClusterRoleBinding.rbac.authorization.k8s.io "no-ns" is invalid: subjects[0].namespace: Required value',
    ],
    [
      '/apis/policy/v1/namespaces/bookinfo/poddisruptionbudgets',
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'both' },
        spec: { minAvailable: 1, maxUnavailable: 1 },
      },
      'PodDisruptionBudget.policy "both" is invalid: spec: Invalid value: minAvailable and maxUnavailable cannot be both set',
    ],
    [
      `${NS}/services`,
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'portless' }, spec: {} },
      'Service "portless" is invalid: spec.ports: Required value',
    ],
  ])('refuses %s with 422 naming the field', async (path, body, message) => {
    const answer = await kube.call('POST', path, { body })
    expect(answer.status).toBe(422)
    expect(answer.json).toMatchObject({ reason: 'Invalid', message })
  })
})

describe('service account tokens', () => {
  const requestToken = (name: string, spec: object = {}) =>
    kube.call('POST', `${SA}/${name}/token`, {
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec },
    })
  const whoami = (token: string) =>
    kube.call('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      token,
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    })

  it('issues a token that authenticates as the service account, while it exists', async () => {
    await kube.call('POST', SA, { body: { kind: 'ServiceAccount', metadata: { name: 'robot' } } })
    const issued = await requestToken('robot')
    expect(issued.status).toBe(201)
    expect(issued.json).toMatchObject({
      kind: 'TokenRequest',
      spec: {
        audiences: ['https://kubernetes.default.svc.cluster.local'],
        expirationSeconds: 3600,
      },
    })
    const token = issued.json.status.token as string
    expect((await whoami(token)).json.status.userInfo).toMatchObject({
      username: 'system:serviceaccount:bookinfo:robot',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:bookinfo', 'system:authenticated'],
    })
    // A token for another audience, or one whose service account was deleted and recreated, is no good.
    const elsewhere = (await requestToken('robot', { audiences: ['vault'] })).json.status.token
    expect((await whoami(elsewhere)).status).toBe(401)
    await kube.call('DELETE', `${SA}/robot`)
    await kube.call('POST', SA, { body: { kind: 'ServiceAccount', metadata: { name: 'robot' } } })
    expect((await whoami(token)).status).toBe(401)
    expect((await whoami(`${token.slice(0, -4)}AAAA`)).status).toBe(401)
  })

  it('refuses a token for a service account that does not exist, or for under ten minutes', async () => {
    expect((await requestToken('nobody')).json).toMatchObject({ code: 404, reason: 'NotFound' })
    await kube.call('POST', SA, { body: { kind: 'ServiceAccount', metadata: { name: 'brief' } } })
    const short = await requestToken('brief', { expirationSeconds: 60 })
    expect(short.status).toBe(422)
  })

  it('needs create on serviceaccounts/token', async () => {
    const viewer = kube.call('POST', `${SA}/brief/token`, {
      token: 'prod-eu-viewer-token',
      body: { kind: 'TokenRequest', spec: {} },
    })
    expect((await viewer).json).toMatchObject({
      code: 403,
      message: expect.stringContaining('cannot create resource "serviceaccounts/token"'),
    })
  })
})
