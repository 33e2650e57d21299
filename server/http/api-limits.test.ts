import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as mesh from '@/app/api/v1/meshes/[meshId]/route'
import * as meshServices from '@/app/api/v1/meshes/[meshId]/services/route'
import * as metrics from '@/app/api/v1/services/[serviceId]/metrics/route'
import * as service from '@/app/api/v1/services/[serviceId]/route'
import * as preview from '@/app/api/v1/services/[serviceId]/split/preview/route'
import * as split from '@/app/api/v1/services/[serviceId]/split/route'
import { meshId, serviceId, type MeshKey, type ServiceKey } from '@/lib/ids'
import { METRIC_RANGES } from '@/components/metrics/ranges'
import { SPLIT_LIMITS } from '@/lib/schemas'
import { call } from '@/server/fixtures/api'
import { startServerLab, type TestLab } from '@/server/fixtures/test-lab'

let lab: TestLab
const eastIstio: MeshKey = {
  source: { kind: 'kubernetes', name: 'east' },
  kind: 'istio',
  name: 'istio',
}
const reviews: ServiceKey = { mesh: eastIstio, namespace: 'bookinfo', name: 'reviews' }
const reviewsId = serviceId(reviews)
const good = {
  backends: [
    { name: 'v1', weight: 70 },
    { name: 'v2', weight: 30 },
    { name: 'v3', weight: 0 },
  ],
  revision: '1',
}
const json = { 'content-type': 'application/json' }

/** Runs `act` and proves the lab's clusters received no request meanwhile. */
async function withoutClusterRequests<T>(act: () => Promise<T>): Promise<T> {
  const before = await lab.lab.control.requestsBesideWatches()
  const result = await act()
  expect(await lab.lab.control.requestsBesideWatches()).toEqual(before)
  return result
}

beforeAll(async () => {
  lab = await startServerLab()
})
afterAll(() => lab?.stop())

describe('request bodies over 64 KiB', () => {
  it('get 413 when declared too large, before the body is read', async () => {
    const res = await withoutClusterRequests(() =>
      call(
        split.PUT,
        { serviceId: reviewsId },
        {
          method: 'PUT',
          body: JSON.stringify(good),
          headers: { ...json, 'content-length': String(64 * 1024 + 1) },
        },
      ),
    )
    expect(res.status).toBe(413)
    expect((await res.json()).error).toMatchObject({
      code: 'payload_too_large',
      message: expect.stringMatching(/64 KiB/),
    })
  })

  it('get 413 when an undeclared body streams past the limit, which is never read to its end', async () => {
    let sent = 0
    const endless = new ReadableStream<Uint8Array>({
      pull: (controller) => {
        sent += 16 * 1024
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x20))
      },
    })
    const init = { method: 'POST', body: endless, headers: json, duplex: 'half' } as RequestInit
    const res = await withoutClusterRequests(() =>
      call(preview.POST, { serviceId: reviewsId }, init),
    )
    expect(res.status).toBe(413)
    expect(sent).toBeLessThan(128 * 1024)
  })

  it('a body just under the limit is read and judged on its content', async () => {
    const padded = { ...good, revision: '1'.padEnd(60 * 1024, '1') }
    const res = await call(split.PUT, { serviceId: reviewsId }, { method: 'PUT', json: padded })
    expect(res.status).toBe(400)
    expect((await res.json()).error.details.fields).toEqual([
      { field: 'revision', message: 'must hold at most 128 characters' },
    ])
  })
})

describe('caps on a split update', () => {
  const many = <T>(n: number, make: (i: number) => T) =>
    Array.from({ length: n }, (_, i) => make(i))
  const header = { name: 'x-user', value: 'tester' }
  const cases: [string, unknown, string][] = [
    [
      `more than ${SPLIT_LIMITS.backends} backends`,
      {
        ...good,
        backends: many(SPLIT_LIMITS.backends + 1, (i) => ({ name: `v${i}`, weight: i ? 0 : 100 })),
      },
      'backends',
    ],
    [
      `more than ${SPLIT_LIMITS.matches} matches`,
      {
        ...good,
        matches: many(SPLIT_LIMITS.matches + 1, () => ({ backend: 'v2', headers: [header] })),
      },
      'matches',
    ],
    [
      `more than ${SPLIT_LIMITS.headersPerMatch} header conditions in a match`,
      {
        ...good,
        matches: [{ backend: 'v2', headers: many(SPLIT_LIMITS.headersPerMatch + 1, () => header) }],
      },
      'matches.0.headers',
    ],
    [
      'a backend name over 255 characters',
      { ...good, backends: [{ name: 'v'.repeat(256), weight: 100 }] },
      'backends.0.name',
    ],
    [
      'a header value over 4096 characters',
      { ...good, matches: [{ backend: 'v2', headers: [{ ...header, value: 'x'.repeat(4097) }] }] },
      'matches.0.headers.0.value',
    ],
    [
      'a cookie value over 4096 characters',
      { ...good, matches: [{ backend: 'v2', cookie: { name: 'beta', value: 'x'.repeat(4097) } }] },
      'matches.0.cookie.value',
    ],
    ['a revision over 128 characters', { ...good, revision: '9'.repeat(129) }, 'revision'],
  ]

  it.each(cases)(
    '%s: 400 naming the field, and no request to the cluster',
    async (_what, body, field) => {
      for (const [handler, method] of [
        [split.PUT, 'PUT'],
        [preview.POST, 'POST'],
      ] as const) {
        const res = await withoutClusterRequests(() =>
          call(handler, { serviceId: reviewsId }, { method, json: body }),
        )
        expect(res.status).toBe(400)
        const { error } = await res.json()
        expect(error.code).toBe('invalid')
        expect(error.details.fields).toContainEqual({
          field,
          message: expect.stringMatching(/^must hold at most \d+ /),
        })
      }
    },
  )
})

describe('metrics range and step', () => {
  const cases: [Record<string, string>, string, RegExp][] = [
    [{ range: '2m' }, 'range', /^must be one of 1m, 5m, 15m, .*, 7d$/],
    [{ range: '15m', step: '2s' }, 'step', /^must be one of 1s, 5s, .*, 1h$/],
    [{ range: '7d', step: '1s' }, 'step', /more than 11,000 points/],
  ]
  it.each(cases)(
    '%o: 400 naming %s, with no request to the cluster',
    async (query, field, message) => {
      const res = await withoutClusterRequests(() =>
        call(metrics.GET, { serviceId: reviewsId }, { query }),
      )
      expect(res.status).toBe(400)
      expect((await res.json()).error.details.fields).toEqual([
        { field, message: expect.stringMatching(message) },
      ])
    },
  )

  it('every range and step the UI offers is taken', async () => {
    for (const { range, step } of METRIC_RANGES)
      expect(
        (await call(metrics.GET, { serviceId: reviewsId }, { query: { range, step } })).status,
      ).toBe(200)
  })
})

describe('ids that are not valid names', () => {
  const idOf = (patch: Partial<ServiceKey>, meshPatch: Partial<MeshKey> = {}) =>
    serviceId({ ...reviews, ...patch, mesh: { ...eastIstio, ...meshPatch } })
  const hostile: [string, string][] = [
    ['namespace ..', idOf({ namespace: '..' })],
    ['namespace .', idOf({ namespace: '.' })],
    ['namespace with a slash', idOf({ namespace: 'bookinfo/virtualservices' })],
    ['namespace with an escaped slash', idOf({ namespace: '..%2F..' })],
    ['name ..', idOf({ name: '..' })],
    ['name with a path', idOf({ name: 'reviews/../../../../api/v1/secrets' })],
    ['name with a query', idOf({ name: 'reviews?watch=true' })],
    ['name with a fragment', idOf({ name: 'reviews#x' })],
    ['name in capitals', idOf({ name: 'Reviews' })],
    ['name of 254 characters', idOf({ name: 'r'.repeat(254) })],
    ['an empty name', idOf({ name: '' })],
    ['an unknown mesh kind', idOf({}, { kind: 'kuma' as MeshKey['kind'] })],
    ['an App Mesh kind in a kube context', idOf({}, { kind: 'appmesh' })],
    ['a kube context as an AWS source', idOf({}, { source: { kind: 'aws', name: 'east' } })],
    ['a source name with a newline', idOf({}, { source: { kind: 'kubernetes', name: 'east\n' } })],
    ['a mesh name with a path', idOf({}, { name: '../istio' })],
  ]

  it.each(hostile)(
    '%s: 404 from every service endpoint, with no request to the cluster',
    async (_what, id) => {
      await withoutClusterRequests(async () => {
        const answers = [
          await call(service.GET, { serviceId: id }),
          await call(split.GET, { serviceId: id }),
          await call(split.PUT, { serviceId: id }, { method: 'PUT', json: good }),
          await call(preview.POST, { serviceId: id }, { method: 'POST', json: good }),
          await call(metrics.GET, { serviceId: id }),
        ]
        for (const res of answers) {
          expect(res.status).toBe(404)
          expect((await res.json()).error.code).toBe('not_found')
        }
      })
    },
  )

  it('404 for mesh ids whose kind, source or name is not valid, with no request to the cluster', async () => {
    const ids = [
      meshId({ ...eastIstio, name: '..' }),
      meshId({ ...eastIstio, kind: 'appmesh' }),
      meshId({ ...eastIstio, source: { kind: 'kubernetes', name: '' } }),
    ]
    await withoutClusterRequests(async () => {
      for (const id of ids)
        for (const handler of [mesh.GET, meshServices.GET])
          expect((await call(handler, { meshId: id })).status, id).toBe(404)
    })
  })

  it('the same service under a valid id answers', async () => {
    expect((await call(service.GET, { serviceId: reviewsId })).status).toBe(200)
  })
})
