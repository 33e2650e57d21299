import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChangeRecord } from '@/lib/schemas'
import { startPostgres, type TestPostgres } from '@/server/fixtures/postgres'
import { ValidationError } from '@/server/errors'
import { DataFolderInUseError, openAudit, type Audit } from '.'

const freshDir = () => path.join(mkdtempSync(path.join(tmpdir(), 'meshpane-store-')), 'data')

let n = 0
const record = (over: Partial<ChangeRecord> = {}): ChangeRecord => {
  n += 1
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    time: new Date(Date.UTC(2026, 10, 1, 12, 0, n)).toISOString(),
    actor: { user: 'alice', groups: ['mesh-admins'] },
    requestId: `r${n}`,
    client: { kind: 'api' },
    serviceId: 'svc-a',
    source: 'prod-eu',
    meshKind: 'istio',
    namespace: 'bookinfo',
    service: 'reviews',
    requested: { backends: [{ name: 'v1', weight: 100 }], revision: '1' },
    outcome: 'applied',
    ...over,
  }
}

let postgres: TestPostgres
beforeAll(async () => {
  postgres = await startPostgres()
}, 60_000)
afterAll(() => postgres?.stop())

describe.each([
  ['embedded (PGlite)', () => openAudit({ dir: freshDir(), retentionDays: 365 })],
  [
    'PostgreSQL',
    () => openAudit({ dir: freshDir(), postgresUrl: postgres.url, retentionDays: 365 }),
  ],
] as const)('the audit store, %s', (_engine, open) => {
  let audit: Audit
  beforeAll(async () => {
    audit = await open()
  })
  afterAll(() => audit?.close())

  it('keeps a record begun before the write and completed after it', async () => {
    const r = record({ outcome: 'pending' })
    await audit.store.insert(r)
    expect(await audit.store.get(r.id)).toEqual(r)
    const done = { ...r, outcome: 'conflict' as const, message: 'moved' }
    await audit.store.complete(done)
    expect(await audit.store.get(r.id)).toEqual(done)
    expect(await audit.store.get('00000000-0000-4000-8000-999999999999')).toBeUndefined()
    expect(await audit.store.get('not-an-id')).toBeUndefined()
  })

  it('lists newest first, filters, and pages with a cursor without skipping or repeating', async () => {
    const mine = Array.from({ length: 7 }, (_, i) =>
      record({ serviceId: 'svc-paged', outcome: i % 2 ? 'no-op' : 'applied' }),
    )
    for (const r of mine) await audit.store.insert(r)
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await audit.store.list({ service: 'svc-paged', limit: 3, cursor })
      seen.push(...page.items.map((r) => r.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(mine.map((r) => r.id).reverse())
    const noops = await audit.store.list({ service: 'svc-paged', outcome: 'no-op', limit: 50 })
    expect(noops.items.map((r) => r.id)).toEqual([mine[5]!.id, mine[3]!.id, mine[1]!.id])
    const window = await audit.store.list({
      service: 'svc-paged',
      since: mine[2]!.time,
      until: mine[4]!.time,
      limit: 50,
    })
    expect(window.items.map((r) => r.id)).toEqual([mine[3]!.id, mine[2]!.id])
    await expect(audit.store.list({ cursor: 'bogus', limit: 5 })).rejects.toBeInstanceOf(
      ValidationError,
    )
  })

  it('prunes records older than the retention', async () => {
    const old = record({ serviceId: 'svc-old', time: '2020-01-01T00:00:00.000Z' })
    const recent = record({ serviceId: 'svc-old', time: new Date().toISOString() })
    await audit.store.insert(old)
    await audit.store.insert(recent)
    expect(await audit.store.prune(365)).toBeGreaterThanOrEqual(1)
    expect((await audit.store.list({ service: 'svc-old', limit: 50 })).items).toEqual([recent])
  })
})

describe('the embedded data folder', () => {
  it('keeps the records across a restart', async () => {
    const dir = freshDir()
    const first = await openAudit({ dir, retentionDays: 365 })
    const r = record()
    await first.store.insert(r)
    await first.close()
    const second = await openAudit({ dir, retentionDays: 365 })
    expect(await second.store.get(r.id)).toEqual(r)
    await second.close()
  })

  it('refuses a second process, saying why, and takes over the lock of one that died', async () => {
    const dir = freshDir()
    const first = await openAudit({ dir, retentionDays: 365 })
    await first.close()
    // Another live process holding the folder, as a second Meshpane would.
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'])
    try {
      writeFileSync(path.join(dir, 'meshpane.lock'), String(other.pid))
      const refused = await openAudit({ dir, retentionDays: 365 }).catch((e: unknown) => e)
      expect(refused).toBeInstanceOf(DataFolderInUseError)
      expect((refused as Error).message).toMatch(/in use by another Meshpane.*storage\.postgresUrl/)
    } finally {
      other.kill()
      await new Promise((resolve) => other.once('exit', resolve))
    }
    const after = await openAudit({ dir, retentionDays: 365 })
    await after.close()
  })
})

describe('two Meshpanes on one PostgreSQL', () => {
  it('see one history, their records interleaved and none lost', async () => {
    const [a, b] = await Promise.all([
      openAudit({ dir: freshDir(), postgresUrl: postgres.url, retentionDays: 365 }),
      openAudit({ dir: freshDir(), postgresUrl: postgres.url, retentionDays: 365 }),
    ])
    const written = Array.from({ length: 20 }, (_, i) =>
      record({ serviceId: 'svc-shared', requestId: `${i}` }),
    )
    await Promise.all(written.map((r, i) => (i % 2 ? a : b).store.insert(r)))
    for (const reader of [a, b])
      expect(
        (await reader.store.list({ service: 'svc-shared', limit: 100 })).items.map((r) => r.id),
      ).toEqual(written.map((r) => r.id).reverse())
    await Promise.all([a.close(), b.close()])
  })
})
