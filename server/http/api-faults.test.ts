import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as meshes from '@/app/api/v1/meshes/route'
import * as meshServices from '@/app/api/v1/meshes/[meshId]/services/route'
import * as split from '@/app/api/v1/services/[serviceId]/split/route'
import * as sources from '@/app/api/v1/sources/route'
import { meshId, serviceId } from '@/lib/ids'
import { MeshList, SourceList } from '@/lib/schemas'
import { call } from '@/server/fixtures/api'
import { until } from '@/server/fixtures/poll'
import { startServerLab, type TestLab } from '@/server/fixtures/test-lab'

const TIMEOUT_MS = 1500
let lab: TestLab
const istioOf = (cluster: string) => ({
  source: { kind: 'kubernetes' as const, name: cluster },
  kind: 'istio' as const,
  name: 'istio',
})
const timed = async <T>(run: () => Promise<T>) => {
  const started = Date.now()
  const value = await run()
  return { value, ms: Date.now() - started }
}

beforeAll(async () => {
  lab = await startServerLab({
    sourceTimeoutMs: TIMEOUT_MS,
    faults: { north: 'down', south: 'hanging' },
  })
})
afterAll(() => lab?.stop())

describe('a down and a hanging cluster', () => {
  it('are reported with their errors while the other sources answer within the timeout plus a second', async () => {
    const { value, ms } = await timed(async () =>
      SourceList.parse(await (await call(sources.GET, {})).json()),
    )
    expect(ms).toBeLessThan(TIMEOUT_MS + 1000)
    const byName = Object.fromEntries(value.items.map((s) => [s.name, s]))
    expect(byName.north).toMatchObject({
      status: 'unreachable',
      error: expect.stringMatching(/refused/),
    })
    expect(byName.south).toMatchObject({
      status: 'timeout',
      error: expect.stringMatching(/1500 ms/),
    })
    for (const ok of ['east', 'west', 'plain']) expect(byName[ok]!.status).toBe('ok')
  })

  it('leave the mesh list with the rest and one error per bad source, within the timeout plus a second', async () => {
    const { value, ms } = await timed(async () =>
      MeshList.parse(await (await call(meshes.GET, {})).json()),
    )
    expect(ms).toBeLessThan(TIMEOUT_MS + 1000)
    expect(value.items.map((m) => m.source.name).sort()).toEqual(['east', 'west'])
    expect(value.errors.map((e) => [e.sourceName, e.message.length > 0]).sort()).toEqual([
      ['north', true],
      ['south', true],
    ])
  })

  it('answer 502 and 504 for their services, naming the source', async () => {
    const id = (cluster: string) =>
      serviceId({ mesh: istioOf(cluster), namespace: 'bookinfo', name: 'reviews' })
    const down = await call(split.GET, { serviceId: id('north') })
    expect(down.status).toBe(502)
    expect((await down.json()).error).toMatchObject({
      code: 'unreachable',
      details: { source: 'north' },
    })
    const hanging = await call(split.GET, { serviceId: id('south') })
    expect(hanging.status).toBe(504)
    expect((await hanging.json()).error).toMatchObject({
      code: 'timeout',
      details: { source: 'south' },
    })
    expect((await call(meshServices.GET, { meshId: meshId(istioOf('north')) })).status).toBe(502)
  })

  it('report forbidden, and recover, when the fault changes at run time', async () => {
    await lab.lab.control.setFault('plain', 'forbidden')
    const status = async (name: string) =>
      SourceList.parse(await (await call(sources.GET, {})).json()).items.find(
        (s) => s.name === name,
      )!
    await until(async () => (await status('plain')).status === 'forbidden', 5000, 'plain forbidden')
    expect((await status('plain')).error).toMatch(/403/)
    await lab.lab.control.setFault('north', 'none')
    await until(async () => (await status('north')).status === 'ok', 5000, 'north back')
  })
})
