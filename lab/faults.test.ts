// The fault knobs, switched at run time through the control API.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SLOW_MS } from './kube/server'
import { startLab, type Lab } from './lab'
import { eventually, kubeClient } from './test-client'

let lab: Lab
let kube: ReturnType<typeof kubeClient>

const setFault = (cluster: string, mode: string) =>
  fetch(`${lab.controlUrl}/faults/${cluster}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ mode }),
  })

beforeAll(async () => {
  lab = await startLab({
    dir: mkdtempSync(join(tmpdir(), 'lab-faults-')),
    faults: { staging: 'down' },
  })
  kube = kubeClient(lab, 'prod-us')
})
afterAll(() => lab?.stop())

describe('fault knobs', () => {
  it('reports and validates the fault modes over the control API', async () => {
    expect(await (await fetch(`${lab.controlUrl}/faults`)).json()).toMatchObject({
      'prod-eu': 'none',
      'prod-us': 'none',
      staging: 'down',
    })
    expect((await setFault('prod-us', 'sideways')).status).toBe(400)
    expect((await setFault('nowhere', 'down')).status).toBe(404)
  })

  it('reports a Prometheus that is not running over the control API (this lab starts none)', async () => {
    expect(await (await fetch(`${lab.controlUrl}/prometheus`)).json()).toEqual({ running: false })
    const stop = await fetch(`${lab.controlUrl}/prometheus`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ running: false }),
    })
    expect(stop.status).toBe(409)
  })

  it('counts the requests each cluster received, refused ones included, over the control API', async () => {
    const counts = async (): Promise<Record<string, number>> =>
      (await fetch(`${lab.controlUrl}/requests`)).json()
    const before = await counts()
    const prodEu = kubeClient(lab, 'prod-eu')
    await prodEu.call('GET', '/api/v1/pods')
    await prodEu.call('GET', '/api/v1/pods', { token: 'not-a-token' })
    const after = await counts()
    expect(after['prod-eu']).toBe(before['prod-eu']! + 2)
    expect(after['prod-us']).toBe(before['prod-us'])
  })

  it('down refuses connections, and recovery listens on the same port', async () => {
    await expect(kubeClient(lab, 'staging').call('GET', '/version')).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    })
    expect((await setFault('staging', 'none')).status).toBe(200)
    expect((await kubeClient(lab, 'staging').call('GET', '/api/v1/namespaces')).status).toBe(200)
    await setFault('prod-us', 'down')
    await expect(kube.call('GET', '/api/v1/pods')).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    await setFault('prod-us', 'none')
    expect((await kube.call('GET', '/api/v1/pods')).status).toBe(200)
  })

  it('hanging accepts the request and never answers', async () => {
    await setFault('prod-us', 'hanging')
    await expect(kube.call('GET', '/api/v1/pods', { timeoutMs: 300 })).rejects.toThrow(
      'client timeout',
    )
    await setFault('prod-us', 'none')
    expect((await kube.call('GET', '/api/v1/pods', { timeoutMs: 2000 })).status).toBe(200)
  })

  it('slow answers after the added latency', async () => {
    await setFault('prod-us', 'slow')
    const started = Date.now()
    expect((await kube.call('GET', '/api/v1/namespaces')).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(SLOW_MS)
    await setFault('prod-us', 'none')
  })

  it('forbidden answers every request with a 403 Status, and ends open watches', async () => {
    const watch = kube.watch('/api/v1/namespaces/bookinfo/pods?watch=true')
    await eventually(() => watch.events().length > 0)
    await setFault('prod-us', 'forbidden')
    await eventually(() => watch.ended())
    for (const path of ['/api', '/api/v1/namespaces/bookinfo/pods']) {
      const res = await kube.call('GET', path)
      expect(res.status).toBe(403)
      expect(res.json).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        reason: 'Forbidden',
        code: 403,
      })
    }
    await setFault('prod-us', 'none')
    expect((await kube.call('GET', '/api')).status).toBe(200)
  })
})
