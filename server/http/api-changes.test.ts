import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as change from '@/app/api/v1/changes/[changeId]/route'
import * as revert from '@/app/api/v1/changes/[changeId]/revert/route'
import * as changes from '@/app/api/v1/changes/route'
import * as split from '@/app/api/v1/services/[serviceId]/split/route'
import { ChangeList, ChangeRecord, type MeshService, type TrafficSplit } from '@/lib/schemas'
import { call } from '@/server/fixtures/api'
import { serviceThroughApi } from '@/server/fixtures/api-service'
import { kubectlJson, whileArgoTracks } from '@/server/fixtures/kubectl'
import { startServerLab, type TestLab } from '@/server/fixtures/test-lab'

let lab: TestLab
let reviews: MeshService
type ReviewsVs = { spec: { http: { route: { weight: number }[] }[] } }
/** The weights of the default route of reviews, as kubectl reads them. */
const weights = async () =>
  (
    await kubectlJson<ReviewsVs>(lab.lab.kubeconfigPath, 'east', [
      'get',
      'virtualservice',
      'reviews',
      '-n',
      'bookinfo',
    ])
  ).spec.http[1]!.route.map((r) => r.weight)
const getSplit = async () =>
  (await (await call(split.GET, { serviceId: reviews.id })).json()) as TrafficSplit
const put = (body: unknown, headers: Record<string, string> = {}) =>
  call(split.PUT, { serviceId: reviews.id }, { method: 'PUT', json: body, headers })
const split3 = (v1: number, v2: number, v3: number, revision: string) => ({
  backends: [
    { name: 'v1', weight: v1 },
    { name: 'v2', weight: v2 },
    { name: 'v3', weight: v3 },
  ],
  revision,
})
const list = async (query: string) =>
  ChangeList.parse(
    await (
      await call(changes.GET, {}, { query: Object.fromEntries(new URLSearchParams(query)) })
    ).json(),
  )
/** The records the calls in `run` left, oldest first. */
async function recordsOf(run: () => Promise<unknown>): Promise<ChangeRecord[]> {
  const before = new Set((await list('limit=500')).items.map((r) => r.id))
  await run()
  return (await list('limit=500')).items.filter((r) => !before.has(r.id)).reverse()
}

beforeAll(async () => {
  lab = await startServerLab({ faults: {} })
  reviews = await serviceThroughApi('east', 'reviews')
})
afterAll(() => lab?.stop())

describe('the change record of each write attempt', () => {
  it('applied: who, where, which object, before, requested, after, comment and client', async () => {
    const current = await getSplit()
    const body = { ...split3(60, 40, 0, current.revision), comment: 'canary to 40%' }
    let answer: TrafficSplit | undefined
    const [r] = await recordsOf(async () => {
      answer = await (
        await put(body, { 'user-agent': 'ci-script/1.0', 'x-request-id': 'req-42' })
      ).json()
    })
    expect(r).toMatchObject({
      outcome: 'applied',
      actor: { user: 'local', groups: [] },
      identity: expect.stringMatching(/^kubeconfig user /),
      requestId: 'req-42',
      client: { kind: 'api', userAgent: 'ci-script/1.0' },
      serviceId: reviews.id,
      source: 'east',
      meshKind: 'istio',
      namespace: 'bookinfo',
      service: 'reviews',
      object: { kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews' },
      before: { backends: current.backends, revision: current.revision },
      requested: { backends: body.backends, revision: current.revision },
      after: { backends: body.backends, revision: answer!.revision },
      comment: 'canary to 40%',
    })
    expect(await (await call(change.GET, { changeId: r!.id })).json()).toEqual(r)
  })

  it.each([
    [
      'no-op',
      (s: TrafficSplit) => ({ backends: s.backends, revision: s.revision }),
      200,
      undefined,
    ],
    ['conflict', (s: TrafficSplit) => split3(50, 50, 0, `${s.revision}0`), 409, undefined],
    [
      'refused',
      (s: TrafficSplit) => ({
        ...split3(50, 50, 0, s.revision),
        backends: [{ name: 'v9', weight: 100 }],
      }),
      400,
      'invalid',
    ],
  ])(
    '%s: exactly one record, with the outcome the answer gave',
    async (outcome, body, status, reason) => {
      const current = await getSplit()
      let got = 0
      const records = await recordsOf(async () => {
        got = (await put(body(current))).status
      })
      expect(got).toBe(status)
      expect(records).toHaveLength(1)
      expect(records[0]).toMatchObject({ outcome, ...(reason && { reason }) })
    },
  )

  it('refused as owned, then applied with force: one record each', async () => {
    const reviewsVs = { kind: 'virtualservice', namespace: 'bookinfo', name: 'reviews' }
    await whileArgoTracks(lab.lab.kubeconfigPath, 'east', reviewsVs, async () => {
      const current = await getSplit()
      const records = await recordsOf(async () => {
        expect((await put(split3(55, 45, 0, current.revision))).status).toBe(409)
        expect((await put({ ...split3(55, 45, 0, current.revision), force: true })).status).toBe(
          200,
        )
      })
      expect(records.map((r) => [r.outcome, r.reason, r.forced])).toEqual([
        ['refused', 'owned', undefined],
        ['applied', undefined, true],
      ])
    })
  })

  it('failed: the cluster is down, and the record says so', async () => {
    await lab.lab.control.setFault('east', 'down')
    try {
      const current = reviews
      const records = await recordsOf(async () => {
        expect((await put(split3(50, 50, 0, current.revision))).status).toBe(502)
      })
      expect(records).toHaveLength(1)
      expect(records[0]).toMatchObject({ outcome: 'failed', reason: 'unreachable' })
    } finally {
      await lab.lab.control.setFault('east', 'none')
    }
  })

  it('pages newest first, filters, and streams NDJSON', async () => {
    const all = await list(`service=${encodeURIComponent(reviews.id)}&limit=500`)
    expect(all.items.length).toBeGreaterThanOrEqual(6)
    const times = all.items.map((r) => r.time)
    expect([...times].sort().reverse()).toEqual(times)
    const first = await list(`service=${encodeURIComponent(reviews.id)}&limit=2`)
    const second = await list(
      `service=${encodeURIComponent(reviews.id)}&limit=2&cursor=${first.nextCursor}`,
    )
    expect([...first.items, ...second.items]).toEqual(all.items.slice(0, 4))
    expect((await list('outcome=conflict')).items.every((r) => r.outcome === 'conflict')).toBe(true)
    const stream = await call(
      changes.GET,
      {},
      { query: { format: 'ndjson', limit: '1', service: reviews.id } },
    )
    expect(stream.headers.get('content-type')).toBe('application/x-ndjson')
    const lines = (await stream.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines).toEqual(all.items)
  })

  it('answers 400 naming a bad filter, and 404 for an unknown change', async () => {
    const bad = await call(changes.GET, {}, { query: { outcome: 'maybe', limit: '9999' } })
    expect(bad.status).toBe(400)
    const fields = (await bad.json()).error.details.fields.map((f: { field: string }) => f.field)
    expect(fields.sort()).toEqual(['limit', 'outcome'])
    expect(
      (await call(change.GET, { changeId: '00000000-0000-4000-8000-000000000000' })).status,
    ).toBe(404)
  })
})

describe('revert', () => {
  it('puts the before split back (kubectl reads it), records itself linked to the change', async () => {
    const current = await getSplit()
    const [applied] = await recordsOf(() => put(split3(20, 80, 0, current.revision)))
    expect(await weights()).toEqual([20, 80, 0])
    let answer: Response | undefined
    const [reverted] = await recordsOf(async () => {
      answer = await call(
        revert.POST,
        { changeId: applied!.id },
        { method: 'POST', json: { comment: 'v2 spike' } },
      )
    })
    expect(answer!.status).toBe(200)
    expect(await weights()).toEqual(current.backends.map((b) => b.weight))
    expect((await list(`reverts=${applied!.id}`)).items).toEqual([reverted])
    expect(reverted).toMatchObject({
      outcome: 'applied',
      reverts: applied!.id,
      comment: 'v2 spike',
      after: { backends: current.backends },
    })
  })

  it('after a later change is a 409 with the split now, and changes nothing', async () => {
    const current = await getSplit()
    const [applied] = await recordsOf(() => put(split3(30, 70, 0, current.revision)))
    const later = await getSplit()
    await put(split3(35, 65, 0, later.revision))
    const before = await weights()
    const answer = await call(revert.POST, { changeId: applied!.id }, { method: 'POST', json: {} })
    expect(answer.status).toBe(409)
    expect((await answer.json()).error.details.current).toEqual(await getSplit())
    expect(await weights()).toEqual(before)
  })
})
