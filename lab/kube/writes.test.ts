// Writes through the lab's Kubernetes API: create, update, patch, delete, and what controllers do after.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../lab'
import { eventually, kubeClient } from '../test-client'

let lab: Lab
let kube: ReturnType<typeof kubeClient>
const VS = '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices'

beforeAll(async () => {
  lab = await startLab({ dir: mkdtempSync(join(tmpdir(), 'lab-writes-')) })
  kube = kubeClient(lab, 'prod-eu')
})
afterAll(() => lab?.stop())

describe('writes', () => {
  const newVs = (name: string) => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name },
    spec: {
      hosts: [name],
      http: [{ route: [{ destination: { host: name, subset: 'v1' }, weight: 100 }] }],
    },
  })

  it('creates, refuses duplicates, and serves one storage at every version', async () => {
    const created = await kube.call('POST', VS, { body: newVs('created') })
    expect(created.status).toBe(201)
    expect(created.json.metadata).toMatchObject({
      name: 'created',
      namespace: 'bookinfo',
      generation: 1,
    })
    expect(created.json.metadata.uid).toBeTruthy()
    const again = await kube.call('POST', VS, { body: newVs('created') })
    expect(again.status).toBe(409)
    expect(again.json.reason).toBe('AlreadyExists')
    const old = await kube.call(
      'GET',
      '/apis/networking.istio.io/v1alpha3/namespaces/bookinfo/virtualservices/created',
    )
    expect(old.json.apiVersion).toBe('networking.istio.io/v1alpha3')
    expect(old.json.metadata.resourceVersion).toBe(created.json.metadata.resourceVersion)
    const noNs = await kube.call(
      'POST',
      '/apis/networking.istio.io/v1/namespaces/nowhere/virtualservices',
      { body: newVs('x') },
    )
    expect(noNs.status).toBe(404)
  })

  it('updates with a resourceVersion precondition: stale is 409 Conflict, none is 422 for a CR', async () => {
    const current = (await kube.call('GET', `${VS}/reviews`)).json
    const stale = structuredClone(current)
    current.spec.http[1].route[0].weight = 70
    current.spec.http[1].route[1].weight = 25
    const ok = await kube.call('PUT', `${VS}/reviews`, { body: current })
    expect(ok.status).toBe(200)
    expect(ok.json.metadata.generation).toBe(current.metadata.generation + 1)
    expect(Number(ok.json.metadata.resourceVersion)).toBeGreaterThan(
      Number(current.metadata.resourceVersion),
    )
    const conflict = await kube.call('PUT', `${VS}/reviews`, { body: stale })
    expect(conflict.status).toBe(409)
    expect(conflict.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Operation cannot be fulfilled on virtualservices.networking.istio.io "reviews": the object has been modified; please apply your changes to the latest version and try again',
      reason: 'Conflict',
      details: { name: 'reviews', group: 'networking.istio.io', kind: 'virtualservices' },
      code: 409,
    })
    delete stale.metadata.resourceVersion
    const unconditional = await kube.call('PUT', `${VS}/reviews`, { body: stale })
    expect(unconditional.status).toBe(422)
    expect(unconditional.json.reason).toBe('Invalid')
  })

  it('applies JSON Patch with test, merge patch, and refuses strategic merge on custom resources', async () => {
    const current = (await kube.call('GET', `${VS}/ratings`)).json
    const ops = (rv: string) => [
      { op: 'test', path: '/metadata/resourceVersion', value: rv },
      { op: 'replace', path: '/spec/http/0/route/0/weight', value: 60 },
      { op: 'replace', path: '/spec/http/0/route/1/weight', value: 40 },
    ]
    const patched = await kube.call('PATCH', `${VS}/ratings`, {
      contentType: 'application/json-patch+json',
      body: ops(current.metadata.resourceVersion),
    })
    expect(patched.status).toBe(200)
    expect(patched.json.spec.http[0].route.map((r: { weight: number }) => r.weight)).toEqual([
      60, 40,
    ])
    const failed = await kube.call('PATCH', `${VS}/ratings`, {
      contentType: 'application/json-patch+json',
      body: ops(current.metadata.resourceVersion),
    })
    expect(failed.status).toBe(422)
    expect(failed.json).toMatchObject({ kind: 'Status', reason: 'Invalid', code: 422 })
    const merged = await kube.call('PATCH', `${VS}/ratings`, {
      contentType: 'application/merge-patch+json',
      body: { metadata: { annotations: { owner: 'lab' } } },
    })
    expect(merged.json.metadata.annotations).toEqual({ owner: 'lab' })
    expect(merged.json.metadata.generation).toBe(patched.json.metadata.generation)
    const staleMerge = await kube.call('PATCH', `${VS}/ratings`, {
      contentType: 'application/merge-patch+json',
      body: { metadata: { resourceVersion: current.metadata.resourceVersion } },
    })
    expect(staleMerge.status).toBe(409)
    const strategic = await kube.call('PATCH', `${VS}/ratings`, {
      contentType: 'application/strategic-merge-patch+json',
      body: { metadata: { labels: { a: 'b' } } },
    })
    expect(strategic.status).toBe(415)
    expect(strategic.json.reason).toBe('UnsupportedMediaType')
    const builtIn = await kube.call('PATCH', '/api/v1/namespaces/bookinfo/services/ratings', {
      contentType: 'application/strategic-merge-patch+json',
      body: { metadata: { labels: { a: 'b' } } },
    })
    expect(builtIn.status).toBe(200)
    expect(builtIn.json.metadata.labels.a).toBe('b')
  })

  it('answers a malformed server-side apply body with 400 BadRequest, whether the object exists or not', async () => {
    const apply = (name: string) =>
      kube.call('PATCH', `${VS}/${name}?fieldManager=lab-test`, {
        contentType: 'application/apply-patch+yaml',
        body: `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: ${name}\nspec: [`,
      })
    for (const name of ['ratings', 'not-there']) {
      const bad = await apply(name)
      expect(bad.status).toBe(400)
      expect(bad.json).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 })
    }
    expect((await kube.call('GET', `${VS}/not-there`)).status).toBe(404)
  })

  it('deletes, returning the object; a deleted namespace takes its contents along', async () => {
    const gone = await kube.call('DELETE', `${VS}/created`)
    expect(gone.status).toBe(200)
    expect(gone.json.metadata.name).toBe('created')
    expect((await kube.call('GET', `${VS}/created`)).status).toBe(404)
    const missing = await kube.call('DELETE', `${VS}/created`)
    expect(missing.json).toMatchObject({
      reason: 'NotFound',
      message: 'virtualservices.networking.istio.io "created" not found',
    })
    const other = kubeClient(lab, 'prod-us')
    expect((await other.call('DELETE', '/api/v1/namespaces/bookinfo')).status).toBe(200)
    expect((await other.call('GET', `${VS}`)).json.items).toEqual([])
    expect((await other.call('GET', '/api/v1/namespaces/bookinfo/pods')).json.items).toEqual([])
  })

  it('materialises pods for a created deployment and follows its replica count', async () => {
    const deployments = '/apis/apps/v1/namespaces/bookinfo/deployments'
    const labels = { app: 'ratings', version: 'v3' }
    const created = await kube.call('POST', deployments, {
      body: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'ratings-v3', labels },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: { containers: [{ name: 'ratings', image: 'ratings:v3' }] },
          },
        },
      },
    })
    expect(created.status).toBe(201)
    const pods = () =>
      kube
        .call('GET', '/api/v1/namespaces/bookinfo/pods?labelSelector=app%3Dratings%2Cversion%3Dv3')
        .then((r) => r.json.items)
    const running = await eventually(async () => ((await pods()).length === 2 ? pods() : undefined))
    expect(running[0].status.phase).toBe('Running')
    expect(running[0].status.conditions).toContainEqual(
      expect.objectContaining({ type: 'Ready', status: 'True' }),
    )
    await kube.call('PATCH', `${deployments}/ratings-v3`, {
      contentType: 'application/merge-patch+json',
      body: { spec: { replicas: 1 } },
    })
    await eventually(async () => (await pods()).length === 1)
    await eventually(
      async () =>
        (await kube.call('GET', `${deployments}/ratings-v3`)).json.status?.readyReplicas === 1,
    )
  })

  it('marks the pods of a version the scenario declares not ready, and runs istiod', async () => {
    const pods = await kubeClient(lab, 'staging').call(
      'GET',
      '/api/v1/namespaces/shop/pods?labelSelector=app%3Dcheckout',
    )
    const ready = (p: {
      metadata: { labels: Record<string, string> }
      status: { conditions: { type: string; status: string }[] }
    }) =>
      `${p.metadata.labels.version}=${p.status.conditions.find((c) => c.type === 'Ready')!.status}`
    expect(pods.json.items.map(ready).sort()).toEqual(['v1=True', 'v2=False'])
    const prodUs = kubeClient(lab, 'prod-us')
    const istiod = await prodUs.call(
      'GET',
      '/apis/apps/v1/namespaces/istio-system/deployments?labelSelector=app%3Distiod',
    )
    expect(istiod.json.items[0].metadata.labels).toMatchObject({
      'app.kubernetes.io/version': '1.23.4',
      'istio.io/rev': 'default',
    })
  })
})
