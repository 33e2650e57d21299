import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as mesh from '@/app/api/v1/meshes/[meshId]/route'
import * as meshServices from '@/app/api/v1/meshes/[meshId]/services/route'
import * as metrics from '@/app/api/v1/services/[serviceId]/metrics/route'
import * as service from '@/app/api/v1/services/[serviceId]/route'
import * as preview from '@/app/api/v1/services/[serviceId]/split/preview/route'
import * as split from '@/app/api/v1/services/[serviceId]/split/route'
import { parseMeshId, parseServiceId, serviceId, type MeshKey } from '@/lib/ids'
import { SplitUpdate } from '@/lib/schemas'
import { call } from '@/server/fixtures/api'
import { startServerLab, type TestLab } from '@/server/fixtures/test-lab'

/**
 * Generated requests thrown at the route handlers, the lab behind them: no answer is a 500, and
 * whatever is refused on its face (a body the schema refuses, an id that decodes to nothing) is
 * refused before any request reaches a cluster.
 */
let lab: TestLab
const eastIstio: MeshKey = {
  source: { kind: 'kubernetes', name: 'east' },
  kind: 'istio',
  name: 'istio',
}
const reviewsId = serviceId({ mesh: eastIstio, namespace: 'bookinfo', name: 'reviews' })
const RUNS = { numRuns: 150 }

beforeAll(async () => {
  lab = await startServerLab()
})
afterAll(() => lab?.stop())

/** Whether `act` sent any request to any of the lab's clusters. */
async function reachedCluster(act: () => Promise<void>): Promise<boolean> {
  const before = await lab.lab.control.requestsBesideWatches()
  await act()
  return JSON.stringify(await lab.lab.control.requestsBesideWatches()) !== JSON.stringify(before)
}

const weight = fc.oneof(fc.integer({ min: -1, max: 101 }), fc.double(), fc.constant('30'))
const backendName = fc.oneof(fc.constantFrom('v1', 'v2', 'v3', 'v9', ''), fc.string())
/** Split-shaped bodies near the real service's (v1, v2, v3), valid now and then. */
const splitLike = fc.record(
  {
    backends: fc.array(fc.record({ name: backendName, weight }), { maxLength: 5 }),
    revision: fc.oneof(fc.string(), fc.integer(), fc.constant('1')),
    matches: fc.array(
      fc.record(
        {
          backend: backendName,
          headers: fc.array(fc.record({ name: fc.string(), value: fc.string() }), { maxLength: 3 }),
          cookie: fc.record({ name: fc.string(), value: fc.string() }),
        },
        { requiredKeys: ['backend'] },
      ),
      { maxLength: 3 },
    ),
    force: fc.boolean(),
  },
  { requiredKeys: [] },
)
const rawBody = fc.oneof(
  splitLike.map((b) => JSON.stringify(b)),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.string(),
  fc.constantFrom('', '{', '[[[[[[[[', '{"backends":', 'null', '1e999', '"\\ud800"'),
  fc.nat({ max: 40 }).map((depth) => '['.repeat(depth * 200) + ']'.repeat(depth * 200)),
)
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  undefined,
)
const parsesAsSplit = (type: string | undefined, body: string) => {
  if (!type?.startsWith('application/json')) return false
  try {
    return SplitUpdate.safeParse(JSON.parse(body)).success
  } catch {
    return false
  }
}

describe('generated requests through the route handlers', () => {
  it('split bodies: never a 500, and no request to a cluster for a body the schema refuses', async () => {
    await fc.assert(
      fc.asyncProperty(
        rawBody,
        contentType,
        fc.constantFrom('PUT', 'POST'),
        async (body, type, method) => {
          let status = 0
          const sent = await reachedCluster(async () => {
            const res = await call(
              method === 'PUT' ? split.PUT : preview.POST,
              { serviceId: reviewsId },
              {
                method,
                body,
                headers: type ? { 'content-type': type } : {},
              },
            )
            status = res.status
            await res.body?.cancel()
          })
          expect(status).not.toBe(500)
          if (!parsesAsSplit(type, body)) {
            expect([400, 415]).toContain(status)
            expect(sent).toBe(false)
          }
        },
      ),
      RUNS,
    )
  })

  const anyId = fc.oneof(
    fc.string(),
    fc.base64String().map((s) => s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=/g, '')),
    fc
      .record({
        namespace: fc.oneof(fc.constantFrom('bookinfo', '..', '.', 'a/b', '%2F'), fc.string()),
        name: fc.oneof(fc.constantFrom('reviews', 'ratings', '..', 'x?y'), fc.string()),
        mesh: fc.oneof(
          fc.constant(eastIstio),
          fc.record({
            source: fc.record({
              kind: fc.constantFrom('kubernetes' as const, 'aws' as const),
              name: fc.constantFrom('east', 'west', 'north', 'mars', '', '\n'),
            }),
            kind: fc.constantFrom('istio' as const, 'linkerd' as const, 'appmesh' as const),
            name: fc.constantFrom('istio', '..', 'x@111111111111'),
          }),
        ),
      })
      .map((key) => serviceId(key)),
  )

  it('ids: never a 500, and no request to a cluster for an id that decodes to nothing', async () => {
    await fc.assert(
      fc.asyncProperty(anyId, async (id) => {
        const statuses: number[] = []
        const sent = await reachedCluster(async () => {
          for (const res of [
            await call(service.GET, { serviceId: id }),
            await call(split.GET, { serviceId: id }),
            await call(metrics.GET, { serviceId: id }),
            await call(mesh.GET, { meshId: id }),
            await call(meshServices.GET, { meshId: id }),
          ]) {
            statuses.push(res.status)
            await res.body?.cancel()
          }
        })
        expect(statuses).not.toContain(500)
        if (!parseServiceId(id) && !parseMeshId(id)) {
          expect(statuses).toEqual([404, 404, 404, 404, 404])
          expect(sent).toBe(false)
        }
      }),
      RUNS,
    )
  })
})
