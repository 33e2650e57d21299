import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as fleet from '@/app/api/v1/services/route'
import { FleetServiceList, HealthStatus, type FleetService } from '@/lib/schemas'
import { call } from '@/server/fixtures/api'
import { startLabProcess, type LabProcess } from '@/server/fixtures/lab-process'
import { waitFor } from '@/server/fixtures/poll'

// The demo world: Istio, Linkerd, Gateway API, SMI and Consul clusters, and App Mesh in two AWS
// accounts, with a real Prometheus so services have health.
let lab: LabProcess

const search = async (query: Record<string, string> = {}) => {
  const res = await call(fleet.GET, {}, { query: { limit: '500', ...query } })
  expect(res.status).toBe(200)
  return FleetServiceList.parse(await res.json())
}
const where = (s: FleetService) => `${s.source.name}/${s.meshKind}`

beforeAll(async () => {
  lab = await startLabProcess({ prometheus: true, scrapeIntervalSeconds: 1, tickMs: 250 })
  // A busy machine answers a cold fan-out of every source slowly: no source should time out here.
  const config = JSON.parse(fs.readFileSync(lab.configPath, 'utf8')) as Record<string, unknown>
  const configPath = path.join(lab.dir, 'meshpane-fleet.json')
  fs.writeFileSync(configPath, JSON.stringify({ ...config, sourceTimeoutMs: 15_000 }))
  process.env.MESHPANE_CONFIG = configPath
})
afterAll(() => lab?.stop())

describe('GET /api/v1/services (fleet-wide search)', () => {
  it('finds a service by part of its name across clusters and mesh kinds', async () => {
    const all = await search()
    expect(all.errors).toEqual([])
    expect(new Set(all.items.map((s) => s.meshKind))).toEqual(
      new Set(['istio', 'linkerd', 'gateway-api', 'smi', 'consul', 'appmesh']),
    )
    const ratings = await search({ q: 'ATING' })
    expect(ratings.items.map(where).sort()).toEqual([
      'mixed/gateway-api',
      'prod-eu/istio',
      'prod-us/istio',
      'staging/istio',
    ])
    expect(ratings.items.every((s) => s.name === 'ratings')).toBe(true)
    expect(ratings.total).toBe(4)
    // Across Kubernetes and AWS accounts: Consul's frontend and App Mesh's virtual services.
    const frontends = await search({ q: 'frontend' })
    expect(frontends.items.map(where).sort()).toEqual([
      'consul/consul',
      'payments/eu-west-1/appmesh',
      'platform/eu-west-1/appmesh',
    ])
  })

  it('filters by mesh kind, source, namespace and canary', async () => {
    const linkerd = await search({ meshKind: 'linkerd' })
    expect(linkerd.items.map((s) => s.name)).toEqual(['emoji', 'voting', 'web'])
    const staging = await search({ source: 'staging', namespace: 'bookinfo' })
    expect(staging.items.map((s) => s.name)).toEqual([
      'details',
      'productpage',
      'ratings',
      'reviews',
    ])
    const bySourceId = await search({ source: staging.items[0]!.source.id, namespace: 'bookinfo' })
    expect(bySourceId.items).toEqual(staging.items)

    const carrying = (s: FleetService) => s.backends.filter((b) => b.weight > 0).length
    const canaries = await search({ hasCanary: 'true' })
    const single = await search({ hasCanary: 'false' })
    expect(canaries.items.every((s) => carrying(s) >= 2)).toBe(true)
    expect(single.items.every((s) => carrying(s) === 1)).toBe(true)
    expect(single.items.map(where)).toContain('prod-eu/istio')
    expect(canaries.total + single.total).toBe((await search()).total)
  })

  it('filters by health, as Prometheus judges each canary', { timeout: 60_000 }, async () => {
    const judged = await waitFor('a service judged healthy', async () => {
      const page = await search({ health: 'healthy' })
      return page.items.length > 0 ? page : undefined
    })
    const all = await search()
    const byHealth = await Promise.all(HealthStatus.options.map((h) => search({ health: h })))
    byHealth.forEach((page, i) => {
      for (const s of page.items)
        expect(s.health?.status ?? 'unknown').toBe(HealthStatus.options[i])
    })
    expect(byHealth.reduce((n, page) => n + page.total, 0)).toBe(all.total)
    const unknown = await search({ health: 'unknown' })
    expect(unknown.items.map((s) => s.id)).not.toContain(judged.items[0]!.id)
  })

  it('pages with a cursor through every service exactly once, in the order of one page', async () => {
    const whole = await search()
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await search({ limit: '7', ...(cursor && { cursor }) })
      expect(page.items.length).toBeLessThanOrEqual(7)
      expect(page.total).toBe(whole.total)
      seen.push(...page.items.map((s) => s.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(whole.items.map((s) => s.id))
    expect(new Set(seen).size).toBe(whole.total)
  })

  it('answers 400 naming the parameter for bad input', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ limit: '0' }, 'limit'],
      [{ limit: '501' }, 'limit'],
      [{ limit: 'many' }, 'limit'],
      [{ meshKind: 'nginx' }, 'meshKind'],
      [{ health: 'fine' }, 'health'],
      [{ hasCanary: 'yes' }, 'hasCanary'],
      [{ cursor: 'not-a-cursor' }, 'cursor'],
      [{ cursor: 'x'.repeat(600) }, 'cursor'],
      [{ q: 'x'.repeat(300) }, 'q'],
    ]
    for (const [query, field] of cases) {
      const res = await call(fleet.GET, {}, { query })
      expect(res.status, JSON.stringify(query)).toBe(400)
      const body = (await res.json()) as { error: { details: { fields: { field: string }[] } } }
      expect(body.error.details.fields.map((f) => f.field)).toEqual([field])
    }
    const unknown = await call(fleet.GET, {}, { query: { sort: 'name' } })
    expect(unknown.status).toBe(400)
  })

  it('answers with the last-known services of a cluster that went down, naming it', async () => {
    const before = (await search()).items.filter((s) => s.source.name === 'linkerd')
    expect(before.length).toBeGreaterThan(0)
    await lab.control.setFault('linkerd', 'down')
    try {
      const page = await waitFor('linkerd reported unreachable', async () => {
        const p = await search()
        return p.errors.some((e) => e.sourceName === 'linkerd') ? p : undefined
      })
      expect(page.errors.find((e) => e.sourceName === 'linkerd')?.message).toMatch(
        /showing linkerd as it was at .*, when it stopped answering/,
      )
      expect(page.items.filter((s) => s.source.name === 'linkerd')).toEqual(before)
      expect(page.items.map(where)).toEqual(expect.arrayContaining(['prod-eu/istio', 'smi/smi']))
    } finally {
      await lab.control.setFault('linkerd', 'none')
    }
  })
})
