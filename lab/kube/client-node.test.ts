// @kubernetes/client-node (what Meshpane's server uses) against the lab: typed calls, a JSON Patch
// with a resourceVersion test, and an informer that keeps its cache current across an outage.
import * as k8s from '@kubernetes/client-node'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../lab'
import { eventually } from '../test-client'

let lab: Lab
let kc: k8s.KubeConfig
const VS = { group: 'networking.istio.io', version: 'v1', plural: 'virtualservices' }

beforeAll(async () => {
  lab = await startLab({
    dir: mkdtempSync(join(tmpdir(), 'lab-client-node-')),
    historyLimit: 20,
    bookmarkIntervalMs: 100,
  })
  kc = new k8s.KubeConfig()
  kc.loadFromFile(lab.kubeconfigPath)
  kc.setCurrentContext('prod-eu')
})
afterAll(() => lab?.stop())

describe('@kubernetes/client-node against the lab', () => {
  it('lists pods and patches a VirtualService with a JSON Patch that tests the resourceVersion', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api)
    const pods = await core.listNamespacedPod({
      namespace: 'bookinfo',
      labelSelector: 'app=reviews',
    })
    expect(pods.items.map((p) => p.metadata?.labels?.version).sort()).toEqual([
      'v1',
      'v1',
      'v2',
      'v3',
    ])
    const custom = kc.makeApiClient(k8s.CustomObjectsApi)
    const vs = await custom.getNamespacedCustomObject({
      ...VS,
      namespace: 'bookinfo',
      name: 'ratings',
    })
    const body = [
      { op: 'test', path: '/metadata/resourceVersion', value: vs.metadata.resourceVersion },
      { op: 'replace', path: '/spec/http/0/route/1/weight', value: 30 },
    ]
    const patched = await custom.patchNamespacedCustomObject({
      ...VS,
      namespace: 'bookinfo',
      name: 'ratings',
      body,
    })
    expect(patched.spec.http[0].route[1].weight).toBe(30)
    await expect(
      custom.patchNamespacedCustomObject({ ...VS, namespace: 'bookinfo', name: 'ratings', body }),
    ).rejects.toMatchObject({ code: 422 })
  })

  it('keeps an informer cache current, and catches up after the cluster was down', async () => {
    const custom = kc.makeApiClient(k8s.CustomObjectsApi)
    const informer = k8s.makeInformer(kc, '/apis/networking.istio.io/v1/virtualservices', () =>
      custom.listClusterCustomObject(VS),
    )
    // client-node informers stop on a connection error; their owner restarts them (re-list, re-watch).
    let running = true
    const restart = () => void informer.start().catch(() => undefined)
    informer.on('error', () => running && setTimeout(restart, 50))
    await informer.start()
    try {
      expect(informer.list().length).toBe(6)
      await custom.createNamespacedCustomObject({
        ...VS,
        namespace: 'shop',
        body: {
          apiVersion: 'networking.istio.io/v1',
          kind: 'VirtualService',
          metadata: { name: 'cart' },
          spec: { hosts: ['cart'] },
        },
      })
      await eventually(() => informer.get('cart', 'shop'))
      await lab.setFault('prod-eu', 'down')
      const store = lab.clusters['prod-eu']!.kube.store
      const vsType = lab.clusters['prod-eu']!.kube.servedTypes().find(
        (t) => t.kind === 'VirtualService',
      )!
      const reviews = store.get(vsType, 'bookinfo', 'reviews')!
      store.update(vsType, {
        ...reviews,
        metadata: { ...reviews.metadata, labels: { changed: 'while-down' } },
      })
      await lab.setFault('prod-eu', 'none')
      await eventually(
        () => informer.get('reviews', 'bookinfo')?.metadata?.labels?.changed === 'while-down',
        8000,
      )
    } finally {
      running = false
      await informer.stop()
    }
  })
})
