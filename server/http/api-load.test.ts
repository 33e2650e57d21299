import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as meshes from '@/app/api/v1/meshes/route'
import * as meshServices from '@/app/api/v1/meshes/[meshId]/services/route'
import type { MeshList, ServiceList } from '@/lib/schemas'
import { call } from '@/server/fixtures/api'
import { handlerApi } from '@/server/fixtures/handler-api'
import { checkLoad, runSplitLoad } from '@/server/fixtures/split-load'
import { MESHES_SCENARIO, startServerLab, type TestLab } from '@/server/fixtures/test-lab'

// Five services of four mesh kinds in four clusters; the bench runs the same load for 60 s.
const TARGETS = ['linkerd/voting', 'linkerd/emoji', 'smi/cart', 'consul/api', 'mixed/ratings']

let lab: TestLab
let ids: string[]
beforeAll(async () => {
  lab = await startServerLab({ scenarioPath: MESHES_SCENARIO })
  const all: MeshList = await (await call(meshes.GET, {})).json()
  const services = await Promise.all(
    all.items.map(async (m) => {
      const list: ServiceList = await (await call(meshServices.GET, { meshId: m.id })).json()
      return list.items.map((s) => ({ id: s.id, at: `${m.source.name}/${s.name}` }))
    }),
  )
  ids = TARGETS.map((t) => services.flat().find((s) => s.at === t)!.id)
})
afterAll(() => lab?.stop())

describe('20 clients moving 5 splits at once through the API', () => {
  it(
    'leave one record per request, and each split as its last applied record says',
    { timeout: 60_000 },
    async () => {
      const since = new Date().toISOString()
      const result = await runSplitLoad(handlerApi, ids, { clients: 20, durationMs: 8000 })
      expect(Object.keys(result.statuses).sort()).toEqual(
        expect.arrayContaining(['200', '409'].filter((s) => result.statuses[Number(s)])),
      )
      expect(Object.keys(result.statuses).every((s) => s === '200' || s === '409')).toBe(true)
      expect(result.statuses[200]).toBeGreaterThan(0)
      expect(await checkLoad(handlerApi, result, since)).toEqual([])
    },
  )
})
