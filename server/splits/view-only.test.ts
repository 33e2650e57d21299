import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MeshService } from '@/lib/schemas'
import { auditRecorder, type Audit } from '@/server/changes'
import { ViewOnlyError } from '@/server/errors'
import { errorResponse } from '@/server/http/errors'
import { MESHPANE } from '@/server/identity'
import { testAudit, testContext } from '@/server/fixtures/splits'
import { startTestLab, type TestLab } from '@/server/fixtures/test-lab'
import { Inventory } from '@/server/inventory/inventory'
import { SplitPipeline } from './pipeline'
import { revertChange } from './revert'
import { viewOnlyGuard } from './view-only'

const VS = '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices/reviews'

let lab: TestLab
let audit: Audit
let writable: SplitPipeline
let viewOnly: SplitPipeline
let reviews: MeshService
beforeAll(async () => {
  lab = await startTestLab()
  audit = await testAudit()
  const inventory = new Inventory([lab.source('east')], 3000)
  const recorder = auditRecorder(async () => audit.store)
  writable = new SplitPipeline(inventory, recorder)
  viewOnly = new SplitPipeline(inventory, recorder, [viewOnlyGuard])
  const [mesh] = (await inventory.listMeshes()).items
  reviews = (await inventory.listServices(mesh!.id)).find((s) => s.name === 'reviews')!
})
afterAll(async () => {
  await audit?.close()
  await lab?.stop()
})

const latestRecord = async () => (await audit.store.list({ limit: 1 })).items[0]
const nativeObject = () => lab.source('east').kube.get(VS, AbortSignal.timeout(5000))
const allTo = (index: number) =>
  reviews.backends.map((b, i) => ({ name: b.name, weight: i === index ? 100 : 0 }))

describe('view-only mode', () => {
  it('refuses a write before anything is read, records it as refused, answers 403', async () => {
    const before = await nativeObject()

    const error = await viewOnly
      .apply(testContext, reviews.id, { backends: allTo(0), revision: reviews.revision })
      .catch((e: unknown) => e)

    expect(error).toBeInstanceOf(ViewOnlyError)
    const answer = errorResponse(error)
    expect(answer.status).toBe(403)
    expect(await answer.json()).toMatchObject({
      error: { code: 'forbidden', message: expect.stringMatching(/view-only/) },
    })
    expect(await nativeObject()).toEqual(before)
    const record = await latestRecord()
    expect(record).toMatchObject({
      outcome: 'refused',
      reason: 'view-only',
      service: 'reviews',
      message: expect.stringMatching(/view-only/),
    })
    expect(record!.before).toBeUndefined()
  })

  it('refuses a revert of a change made before it went view-only', async () => {
    const split = await writable.read(MESHPANE, reviews.id)
    const applied = await writable.apply(testContext, reviews.id, {
      backends: allTo(1),
      revision: split.revision,
    })
    const change = await latestRecord()

    const error = await revertChange(viewOnly, audit.store, testContext, change!.id, {}).catch(
      (e: unknown) => e,
    )

    expect(error).toBeInstanceOf(ViewOnlyError)
    expect(await writable.read(MESHPANE, reviews.id)).toMatchObject({ backends: applied.backends })
    expect(await latestRecord()).toMatchObject({
      outcome: 'refused',
      reason: 'view-only',
      reverts: change!.id,
    })
  })
})
