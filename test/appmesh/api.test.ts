import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as meshes from '@/app/api/v1/meshes/route'
import * as meshServices from '@/app/api/v1/meshes/[meshId]/services/route'
import * as sources from '@/app/api/v1/sources/route'
import * as preview from '@/app/api/v1/services/[serviceId]/split/preview/route'
import * as split from '@/app/api/v1/services/[serviceId]/split/route'
import type { MeshList, MeshService, ServiceList, SourceList, TrafficSplit } from '@/lib/schemas'
import { call } from '@/server/fixtures/api'
import { routeHandle, startDemoLab, type DemoLab } from './world'

let lab: DemoLab
let ledger: MeshService
const route = () =>
  routeHandle(lab, 'payments', 'us-east-1', {
    meshName: 'payments-us',
    virtualRouterName: 'ledger-router',
    routeName: 'ledger-route',
  })
const put = (body: unknown) =>
  call(split.PUT, { serviceId: ledger.id }, { method: 'PUT', json: body })

beforeAll(async () => {
  lab = await startDemoLab()
  // Meshpane sees only the lab's AWS accounts: a kubeconfig without contexts, and the lab's aws section.
  const kubeconfig = path.join(lab.dir, 'kubeconfig')
  await writeFile(
    kubeconfig,
    JSON.stringify({ apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [] }),
  )
  const config = path.join(lab.dir, 'meshpane.json')
  await writeFile(config, JSON.stringify({ kubeconfig: 'kubeconfig', aws: lab.config }))
  process.env.MESHPANE_CONFIG = config
  const list: MeshList = await (await call(meshes.GET, {})).json()
  const mesh = list.items.find((m) => m.source.name === 'payments/us-east-1')!
  const services: ServiceList = await (await call(meshServices.GET, { meshId: mesh.id })).json()
  ledger = services.items.find((s) => s.name === 'ledger.payments-us.local')!
})
afterAll(() => lab?.stop())

describe('App Mesh through /api/v1', () => {
  it('lists each account×region as an aws source', async () => {
    const list: SourceList = await (await call(sources.GET, {})).json()
    expect(list.items.map((s) => `${s.kind} ${s.name} ${s.status}`)).toContain(
      'aws payments/us-east-1 ok',
    )
    expect(list.items).toHaveLength(5)
  })

  it('shifts a route in account payments, region us-east-1, as the SDK then reads it', async () => {
    expect(ledger.backends.map((b) => [b.name, b.weight])).toEqual([
      ['ledger-v1', 100],
      ['ledger-v2', 0],
    ])
    const body = {
      backends: [
        { name: 'ledger-v1', weight: 70 },
        { name: 'ledger-v2', weight: 30 },
      ],
      revision: ledger.revision,
    }
    const diff = await (
      await call(preview.POST, { serviceId: ledger.id }, { method: 'POST', json: body })
    ).json()
    expect(diff.object).toEqual({
      kind: 'Route',
      apiVersion: 'appmesh/2019-01-25',
      namespace: 'payments-us',
      name: 'ledger-router/ledger-route',
    })
    const before = await route().read()
    const res = await put(body)
    expect(res.status).toBe(200)
    const written: TrafficSplit = await res.json()
    expect(written.backends).toEqual(body.backends)
    const after = await route().read()
    expect(after.spec?.httpRoute?.action?.weightedTargets).toEqual([
      { virtualNode: 'ledger-v1', weight: 70 },
      { virtualNode: 'ledger-v2', weight: 30 },
    ])
    expect({ ...after.spec, httpRoute: { ...after.spec!.httpRoute, action: undefined } }).toEqual({
      ...before.spec,
      httpRoute: { ...before.spec!.httpRoute, action: undefined },
    })
    expect(after.metadata?.version).toBe(before.metadata!.version! + 1)
  })

  it('answers 409 with the current split when the route moved, and 400 naming the field', async () => {
    const current: TrafficSplit = await (await call(split.GET, { serviceId: ledger.id })).json()
    await route().touch()
    const stale = await put({
      ...current,
      backends: [
        { name: 'ledger-v1', weight: 50 },
        { name: 'ledger-v2', weight: 50 },
      ],
    })
    expect(stale.status).toBe(409)
    const conflict = await stale.json()
    expect(conflict.error.code).toBe('conflict')
    expect(conflict.error.details.current).toEqual({
      ...current,
      revision: String(Number(current.revision) + 1),
    })
    const bad = await put({
      backends: [
        { name: 'ledger-v1', weight: 70.5 },
        { name: 'ledger-v2', weight: 29.5 },
      ],
      revision: current.revision,
    })
    expect(bad.status).toBe(400)
    expect(
      (await bad.json()).error.details.fields.map((f: { field: string }) => f.field),
    ).toContain('backends.0.weight')
  })
})
