import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as preview from '@/app/api/v1/services/[serviceId]/split/preview/route'
import * as split from '@/app/api/v1/services/[serviceId]/split/route'
import { serviceId } from '@/lib/ids'
import type { MeshService, TrafficSplit } from '@/lib/schemas'
import { call } from '@/server/fixtures/api'
import { serviceThroughApi } from '@/server/fixtures/api-service'
import { kubectl, whileArgoTracks } from '@/server/fixtures/kubectl'
import { startServerLab, type TestLab } from '@/server/fixtures/test-lab'

let lab: TestLab
let reviews: MeshService
const vs = async () =>
  JSON.parse(
    await kubectl(lab.lab.kubeconfigPath, 'east', [
      'get',
      'virtualservice',
      'reviews',
      '-n',
      'bookinfo',
      '-o',
      'json',
    ]),
  )
const getSplit = async (id = reviews.id) =>
  (await call(split.GET, { serviceId: id })).json() as Promise<TrafficSplit>
const put = (body: unknown, id = reviews.id) =>
  call(split.PUT, { serviceId: id }, { method: 'PUT', json: body })

/** The split's backends with `points` moved from the first backend to the second. */
const shiftedBy = (current: TrafficSplit, points: number) =>
  current.backends.map((b, i) => ({
    name: b.name,
    weight: b.weight + (i === 0 ? -points : i === 1 ? points : 0),
  }))

beforeAll(async () => {
  lab = await startServerLab()
  reviews = await serviceThroughApi('east', 'reviews')
})
afterAll(() => lab?.stop())

describe('PUT /api/v1/services/{id}/split', () => {
  it('writes the weights of the owned route and nothing else', async () => {
    const before = await vs()
    const current = await getSplit()
    expect(current.backends).toEqual([
      { name: 'v1', weight: 75 },
      { name: 'v2', weight: 25 },
      { name: 'v3', weight: 0 },
    ])
    const body = {
      backends: [
        { name: 'v1', weight: 70 },
        { name: 'v2', weight: 30 },
        { name: 'v3', weight: 0 },
      ],
      revision: current.revision,
    }
    const res = await put(body)
    expect(res.status).toBe(200)
    const written: TrafficSplit = await res.json()
    expect(written.backends).toEqual(body.backends)
    const after = await vs()
    expect(after.spec.http[1].route.map((r: { weight: number }) => r.weight)).toEqual([70, 30, 0])
    // Everything but the three weights and the bookkeeping is as it was (the match route, timeout, ports, labels).
    const expected = structuredClone(before)
    expected.spec.http[1].route.forEach(
      (r: { weight: number }, i: number) => (r.weight = [70, 30, 0][i]!),
    )
    expected.metadata.resourceVersion = after.metadata.resourceVersion
    expected.metadata.generation = after.metadata.generation
    expect(after).toEqual(expected)
    expect(written.revision).toBe(after.metadata.resourceVersion)
  })

  it('previews the change as YAML without writing', async () => {
    const before = await vs()
    const current = await getSplit()
    const body = {
      backends: [
        { name: 'v1', weight: 50 },
        { name: 'v2', weight: 40 },
        { name: 'v3', weight: 10 },
      ],
      revision: current.revision,
    }
    const res = await call(preview.POST, { serviceId: reviews.id }, { method: 'POST', json: body })
    expect(res.status).toBe(200)
    const diff = await res.json()
    expect(diff.object).toEqual({
      kind: 'VirtualService',
      apiVersion: 'networking.istio.io/v1',
      namespace: 'bookinfo',
      name: 'reviews',
    })
    expect(diff.before).toContain('weight: 70')
    expect(diff.after).toContain('weight: 50')
    expect(diff.after).toContain('weight: 10')
    expect(await vs()).toEqual(before)
  })

  it('answers 409 with the current split when the VirtualService changed underneath, writing nothing', async () => {
    const seen = await getSplit()
    await kubectl(lab.lab.kubeconfigPath, 'east', [
      'patch',
      'virtualservice',
      'reviews',
      '-n',
      'bookinfo',
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/spec/http/1/route/0/weight","value":60},{"op":"replace","path":"/spec/http/1/route/1/weight","value":40}]',
    ])
    const changed = await vs()
    const res = await put({
      backends: [
        { name: 'v1', weight: 10 },
        { name: 'v2', weight: 90 },
        { name: 'v3', weight: 0 },
      ],
      revision: seen.revision,
    })
    expect(res.status).toBe(409)
    const body = await res.json()
    expect(body.error.code).toBe('conflict')
    expect(body.error.details.current).toEqual(await getSplit())
    expect(body.error.details.current.backends.map((b: { weight: number }) => b.weight)).toEqual([
      60, 40, 0,
    ])
    expect(await vs()).toEqual(changed)
    // Reapplying on top of the current revision succeeds.
    const again = await put({
      backends: [
        { name: 'v1', weight: 10 },
        { name: 'v2', weight: 90 },
        { name: 'v3', weight: 0 },
      ],
      revision: body.error.details.current.revision,
    })
    expect(again.status).toBe(200)
  })

  const good = (revision: string) => ({
    backends: [
      { name: 'v1', weight: 70 },
      { name: 'v2', weight: 30 },
      { name: 'v3', weight: 0 },
    ],
    revision,
  })
  const cases: [
    string,
    (revision: string) => RequestInit & { json?: unknown },
    number,
    string | null,
  ][] = [
    [
      'a weight that is not an integer',
      (r) => ({
        json: {
          ...good(r),
          backends: [
            { name: 'v1', weight: 70.5 },
            { name: 'v2', weight: 29.5 },
            { name: 'v3', weight: 0 },
          ],
        },
      }),
      400,
      'backends.0.weight',
    ],
    [
      'a weight above 100',
      (r) => ({
        json: {
          ...good(r),
          backends: [
            { name: 'v1', weight: 101 },
            { name: 'v2', weight: -1 },
            { name: 'v3', weight: 0 },
          ],
        },
      }),
      400,
      'backends.0.weight',
    ],
    [
      'a weight below 0',
      (r) => ({
        json: {
          ...good(r),
          backends: [
            { name: 'v1', weight: 101 },
            { name: 'v2', weight: -1 },
            { name: 'v3', weight: 0 },
          ],
        },
      }),
      400,
      'backends.1.weight',
    ],
    [
      'a weight that is a string',
      (r) => ({
        json: {
          ...good(r),
          backends: [
            { name: 'v1', weight: '70' },
            { name: 'v2', weight: 30 },
            { name: 'v3', weight: 0 },
          ],
        },
      }),
      400,
      'backends.0.weight',
    ],
    [
      'weights not summing to 100',
      (r) => ({
        json: {
          ...good(r),
          backends: [
            { name: 'v1', weight: 70 },
            { name: 'v2', weight: 20 },
            { name: 'v3', weight: 0 },
          ],
        },
      }),
      400,
      'backends',
    ],
    [
      'an unknown backend',
      (r) => ({
        json: {
          ...good(r),
          backends: [
            { name: 'v1', weight: 70 },
            { name: 'v2', weight: 30 },
            { name: 'v9', weight: 0 },
          ],
        },
      }),
      400,
      'backends.2.name',
    ],
    [
      'a duplicate backend',
      (r) => ({
        json: {
          ...good(r),
          backends: [
            { name: 'v1', weight: 70 },
            { name: 'v1', weight: 30 },
            { name: 'v3', weight: 0 },
          ],
        },
      }),
      400,
      'backends.1.name',
    ],
    [
      'a missing backend',
      (r) => ({
        json: {
          ...good(r),
          backends: [
            { name: 'v1', weight: 70 },
            { name: 'v2', weight: 30 },
          ],
        },
      }),
      400,
      'backends',
    ],
    ['a missing revision', (r) => ({ json: { backends: good(r).backends } }), 400, 'revision'],
    ['an unknown field', (r) => ({ json: { ...good(r), weights: [] } }), 400, 'weights'],
    [
      'malformed JSON',
      () => ({ body: '{"backends": [', headers: { 'content-type': 'application/json' } }),
      400,
      'body',
    ],
    [
      'a wrong content type',
      (r) => ({ body: JSON.stringify(good(r)), headers: { 'content-type': 'text/plain' } }),
      415,
      null,
    ],
    ['no content type', (r) => ({ body: JSON.stringify(good(r)) }), 415, null],
  ]
  it.each(cases)(
    'rejects %s with its 4xx naming the field, leaving the VirtualService unchanged',
    async (_what, init, status, field) => {
      const before = await vs()
      const res = await call(
        split.PUT,
        { serviceId: reviews.id },
        { method: 'PUT', ...init(before.metadata.resourceVersion) },
      )
      expect(res.status).toBe(status)
      const body = await res.json()
      expect(body.error.code).toBe(status === 415 ? 'unsupported_media_type' : 'invalid')
      if (field !== null)
        expect(body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field)
      expect(body.error.message).not.toBe('')
      expect(await vs()).toEqual(before)
    },
  )

  it('refuses with 409 owned while Argo CD manages the VirtualService, and writes with force', async () => {
    const reviewsVs = { kind: 'virtualservice', namespace: 'bookinfo', name: 'reviews' }
    await whileArgoTracks(lab.lab.kubeconfigPath, 'east', reviewsVs, async () => {
      const current = await getSplit()
      expect(current.owner).toEqual({ manager: 'argocd', detail: 'Argo CD application shop' })
      const before = await vs()
      const body = { backends: shiftedBy(current, 5), revision: current.revision }
      const refused = await put(body)
      expect(refused.status).toBe(409)
      expect(await refused.json()).toMatchObject({
        error: { code: 'owned', details: { owner: current.owner } },
      })
      expect(await vs()).toEqual(before)
      const forced = await put({ ...body, force: true })
      expect(forced.status).toBe(200)
      expect(await forced.json()).toMatchObject({ outcome: 'applied', owner: current.owner })
    })
  })

  it('lets one of two concurrent PUTs of the same revision through and answers the other 409', async () => {
    const current = await getSplit()
    const answers = await Promise.all([
      put({ backends: shiftedBy(current, 1), revision: current.revision }),
      put({ backends: shiftedBy(current, 2), revision: current.revision }),
    ])
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409])
    const conflict = await answers.find((a) => a.status === 409)!.json()
    expect(conflict.error.details.current).toEqual(await getSplit())
  })

  it('answers 404 for a garbled id and for a service that does not exist', async () => {
    const missing = serviceId({
      mesh: { source: { kind: 'kubernetes', name: 'east' }, kind: 'istio', name: 'istio' },
      namespace: 'bookinfo',
      name: 'nope',
    })
    const otherCluster = serviceId({
      mesh: { source: { kind: 'kubernetes', name: 'mars' }, kind: 'istio', name: 'istio' },
      namespace: 'a',
      name: 'b',
    })
    for (const id of ['garbled!', 'eyJub3QiOiJhbiBpZCJ9', missing, otherCluster]) {
      const res = await call(split.GET, { serviceId: id })
      expect(res.status, id).toBe(404)
      expect((await res.json()).error.code).toBe('not_found')
      expect((await put(good('1'), id)).status).toBe(404)
    }
  })
})
