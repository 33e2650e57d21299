import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as events from '@/app/api/v1/events/route'
import * as meshes from '@/app/api/v1/meshes/route'
import * as meshServices from '@/app/api/v1/meshes/[meshId]/services/route'
import * as sources from '@/app/api/v1/sources/route'
import { meshId, sourceId } from '@/lib/ids'
import { MeshList, ServiceList, SourceList, SourcesChanged } from '@/lib/schemas'
import { call } from '@/server/fixtures/api'
import { readEvents, type ServerEvent } from '@/server/fixtures/event-stream'
import { kubectl } from '@/server/fixtures/kubectl'
import { until } from '@/server/fixtures/poll'
import { startServerLab, type TestLab } from '@/server/fixtures/test-lab'

const TIMEOUT_MS = 1500
let lab: TestLab

const east = { kind: 'kubernetes' as const, name: 'east' }
const istioOf = (name: string) =>
  meshId({ source: { kind: 'kubernetes', name }, kind: 'istio', name: 'istio' })
const json = async (res: Promise<Response>) => (await res).json()
const serviceNames = async (cluster = 'east') =>
  ServiceList.parse(await json(call(meshServices.GET, { meshId: istioOf(cluster) }))).items.map(
    (s) => s.name,
  )
const names = (e: ServerEvent) => SourcesChanged.parse(e.data).sources
const virtualService = (name: string) =>
  JSON.stringify({
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name, namespace: 'bookinfo' },
    spec: {
      hosts: [name],
      http: [{ route: [{ destination: { host: name, subset: 'v1' }, weight: 100 }] }],
    },
  })

beforeAll(async () => {
  lab = await startServerLab({ sourceTimeoutMs: TIMEOUT_MS })
})
afterAll(() => lab?.stop())

describe('pushed updates (GET /api/v1/events)', () => {
  it('names the cluster where a VirtualService was created or deleted with kubectl, and the next listing shows it', async () => {
    expect(await serviceNames()).not.toContain('details') // the cluster's lists are now watched
    const stop = new AbortController()
    const stream = readEvents(await call(events.GET, {}, { signal: stop.signal }), '/events')
    try {
      const eastChanged = (e: ServerEvent) =>
        e.event === 'change' && names(e).includes(sourceId(east))
      const config = lab.lab.kubeconfigPath
      await kubectl(config, 'east', ['create', '-f', '-'], virtualService('details'))
      await stream.next(eastChanged)
      expect(await serviceNames()).toContain('details')
      await kubectl(config, 'east', ['delete', 'virtualservice', 'details', '-n', 'bookinfo'])
      await stream.next(eastChanged)
      expect(await serviceNames()).not.toContain('details')
    } finally {
      stop.abort()
    }
  })
})

describe('a cluster that stops answering', () => {
  it('is shown as it last was, marked stale, without waiting for it; and resyncs when back', async () => {
    expect(await serviceNames('west')).toContain('reviews') // west is watched and synced
    await lab.lab.control.setFault('west', 'hanging')
    try {
      const source = async () =>
        SourceList.parse(await json(call(sources.GET, {}))).items.find((s) => s.name === 'west')!
      await until(async () => (await source()).staleSince !== undefined, 5000, 'west stale')
      expect((await source()).status).not.toBe('ok')

      const started = Date.now()
      const list = MeshList.parse(await json(call(meshes.GET, {})))
      const services = ServiceList.parse(
        await json(call(meshServices.GET, { meshId: istioOf('west') })),
      )
      // Answered from memory: neither waited for the hanging cluster's deadline.
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS)
      expect(list.items.map((m) => m.source.name)).toContain('west')
      expect(list.errors.find((e) => e.sourceName === 'west')?.message).toMatch(/as it was at/)
      expect(services.items.map((s) => s.name)).toContain('reviews')
      expect(services.stale).toMatch(/west as it was at .*when it stopped answering/)
    } finally {
      await lab.lab.control.setFault('west', 'none')
    }
    const config = lab.lab.kubeconfigPath
    await kubectl(config, 'west', ['create', '-f', '-'], virtualService('details'))
    await until(
      async () => {
        const list = ServiceList.parse(
          await json(call(meshServices.GET, { meshId: istioOf('west') })),
        )
        return list.stale === undefined && list.items.some((s) => s.name === 'details')
      },
      15_000,
      'west resynced, with the VirtualService created since',
    )
  })
})
