import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditRecorder } from '@/server/changes'
import { StorageUnavailableError } from '@/server/errors'
import { testAudit, testContext } from '@/server/fixtures/splits'
import { startTestLab, type TestLab } from '@/server/fixtures/test-lab'
import { Inventory } from '@/server/inventory/inventory'
import { SplitPipeline } from './pipeline'

let lab: TestLab
beforeAll(async () => {
  lab = await startTestLab()
})
afterAll(() => lab?.stop())

describe('the write pipeline without its audit store', () => {
  it('makes no change it cannot record: 503, and the cluster untouched', async () => {
    const inventory = new Inventory([lab.source('east')], 3000)
    const audit = await testAudit()
    await audit.close() // the database is gone: every insert fails
    const splits = new SplitPipeline(
      inventory,
      auditRecorder(async () => audit.store),
    )
    const [mesh] = (await inventory.listMeshes()).items
    const reviews = (await inventory.listServices(mesh!.id)).find((s) => s.name === 'reviews')!
    const before = await lab
      .source('east')
      .kube.get(
        '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices/reviews',
        AbortSignal.timeout(5000),
      )
    const error = await splits
      .apply(testContext, reviews.id, {
        backends: reviews.backends.map((b, i) => ({ name: b.name, weight: i === 0 ? 100 : 0 })),
        revision: reviews.revision,
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StorageUnavailableError)
    expect((error as Error).message).toMatch(/not made: it could not be recorded/)
    expect(
      await lab
        .source('east')
        .kube.get(
          '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices/reviews',
          AbortSignal.timeout(5000),
        ),
    ).toEqual(before)
  })
})
