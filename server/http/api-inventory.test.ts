import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as meshes from '@/app/api/v1/meshes/route'
import * as mesh from '@/app/api/v1/meshes/[meshId]/route'
import * as meshServices from '@/app/api/v1/meshes/[meshId]/services/route'
import * as service from '@/app/api/v1/services/[serviceId]/route'
import * as sources from '@/app/api/v1/sources/route'
import { meshId } from '@/lib/ids'
import { Mesh, MeshList, MeshService, ServiceList, SourceList } from '@/lib/schemas'
import { call } from '@/server/fixtures/api'
import { kubectl } from '@/server/fixtures/kubectl'
import { until } from '@/server/fixtures/poll'
import { startServerLab, type TestLab } from '@/server/fixtures/test-lab'

let lab: TestLab
const json = async (res: Promise<Response>) => (await res).json()
const eastMesh = () =>
  meshId({ source: { kind: 'kubernetes', name: 'east' }, kind: 'istio', name: 'istio' })
const serviceNames = async () =>
  ServiceList.parse(await json(call(meshServices.GET, { meshId: eastMesh() }))).items.map(
    (s) => s.name,
  )

beforeAll(async () => {
  lab = await startServerLab()
})
afterAll(() => lab?.stop())

describe('inventory endpoints', () => {
  it('lists every kubeconfig context as a source, all ok with a latency', async () => {
    const list = SourceList.parse(await json(call(sources.GET, {})))
    expect(list.items.map((s) => [s.name, s.status]).sort()).toEqual(
      ['east', 'north', 'plain', 'south', 'west'].map((n) => [n, 'ok']),
    )
    for (const s of list.items) expect(s.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
  })

  it('lists the Istio meshes of every cluster that has one, with version and revision', async () => {
    const list = MeshList.parse(await json(call(meshes.GET, {})))
    expect(list.errors).toEqual([])
    expect(list.items.map((m) => m.source.name).sort()).toEqual(['east', 'north', 'south', 'west'])
    const west = list.items.find((m) => m.source.name === 'west')!
    expect(west).toMatchObject({ kind: 'istio', version: '1.23.1', revision: '1-23' })
    expect(Mesh.parse(await json(call(mesh.GET, { meshId: west.id })))).toEqual(west)
  })

  it('lists the services of a mesh and finds each by id, reporting the objects it skipped', async () => {
    const list = ServiceList.parse(await json(call(meshServices.GET, { meshId: eastMesh() })))
    expect(list.items.map((s) => s.name).sort()).toEqual(['ratings', 'reviews'])
    expect(list.problems.map((p) => `${p.object.kind} ${p.object.name}`).sort()).toEqual([
      'DestinationRule ratings-by-version',
      'VirtualService reviews-canary',
      'VirtualService without-spec',
    ])
    for (const s of list.items) {
      expect(s.id).toMatch(/^[A-Za-z0-9_-]+$/)
      expect(MeshService.parse(await json(call(service.GET, { serviceId: s.id })))).toEqual(s)
    }
  })

  it('answers 404 for garbled and unknown mesh and service ids', async () => {
    const unknownMesh = meshId({
      source: { kind: 'kubernetes', name: 'plain' },
      kind: 'istio',
      name: 'istio',
    })
    for (const id of ['%%%', 'bm9wZQ', unknownMesh]) {
      expect((await call(mesh.GET, { meshId: id })).status, id).toBe(404)
      expect((await call(meshServices.GET, { meshId: id })).status, id).toBe(404)
    }
    const res = await call(service.GET, { serviceId: 'not-an-id' })
    expect(res.status).toBe(404)
    expect((await res.json()).error).toMatchObject({ code: 'not_found' })
  })

  it('shows a VirtualService created with kubectl within 5 s, and forgets it within 5 s of its deletion', async () => {
    const manifest = JSON.stringify({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'details', namespace: 'bookinfo' },
      spec: {
        hosts: ['details'],
        http: [{ route: [{ destination: { host: 'details', subset: 'v1' }, weight: 100 }] }],
      },
    })
    expect(await serviceNames()).not.toContain('details') // warms the cache: the new object must get past it
    await kubectl(
      lab.lab.kubeconfigPath,
      'east',
      ['create', '--validate=false', '-f', '-'],
      manifest,
    )
    await until(async () => (await serviceNames()).includes('details'), 5000, 'details listed')
    await kubectl(lab.lab.kubeconfigPath, 'east', [
      'delete',
      'virtualservice',
      'details',
      '-n',
      'bookinfo',
    ])
    await until(async () => !(await serviceNames()).includes('details'), 5000, 'details gone')
  })
})
