import { expect, test } from '@playwright/test'
import { startLoadWorld } from '@/server/fixtures/load-world'
import { checkLoad, runSplitLoad } from '@/server/fixtures/split-load'

test('two Meshpanes on one PostgreSQL keep one history while 20 clients move 5 splits through both', async () => {
  test.setTimeout(120_000)
  const world = await startLoadWorld('postgres', 2)
  try {
    const since = new Date().toISOString()
    const result = await runSplitLoad(world.api, world.ids, { clients: 20, durationMs: 8000 })
    expect(Object.keys(result.statuses).filter((s) => s !== '200' && s !== '409')).toEqual([])
    expect(result.statuses[200]).toBeGreaterThan(0)
    expect(await checkLoad(world.api, result, since)).toEqual([])
    // Either replica tells the same history, the other's writes interleaved with its own.
    const [a, b] = world.apis
    for (const id of world.ids)
      expect(await a!.records(id, since)).toEqual(await b!.records(id, since))
  } finally {
    await world.stop()
  }
})
