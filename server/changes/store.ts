import 'server-only'
import type { ChangeList, ChangeQuery, ChangeRecord } from '@/lib/schemas'
import { ValidationError } from '@/server/errors'
import type { Db } from './db'

type Row = { record: ChangeRecord | string }

/** Record ids are UUIDs: anything else names no record (and never reaches the database). */
const RECORD_ID = /^[0-9a-f-]{36}$/

/** The cursor is the (time, id) of the last record of a page, so pages never skip or repeat. */
const encodeCursor = (r: ChangeRecord) => Buffer.from(`${r.time}|${r.id}`).toString('base64url')

function decodeCursor(cursor: string): [string, string] {
  const [time, id] = Buffer.from(cursor, 'base64url').toString().split('|')
  if (!time || !id || Number.isNaN(Date.parse(time)) || !RECORD_ID.test(id))
    throw new ValidationError([{ field: 'cursor', message: 'is not a cursor this API gave out' }])
  return [time, id]
}

// PGlite answers jsonb as objects, node-postgres too; a text answer is parsed all the same.
const recordOf = (row: Row): ChangeRecord =>
  typeof row.record === 'string' ? (JSON.parse(row.record) as ChangeRecord) : row.record

/**
 * The audit trail: one row per write attempt, the whole record as JSON beside the columns it is
 * filtered and ordered by. A record is inserted before the write is sent and completed after.
 */
export class ChangeStore {
  constructor(private readonly db: Db) {}

  async insert(record: ChangeRecord): Promise<void> {
    await this.db.query(
      `insert into changes (id, time, outcome, service_id, source, mesh_kind, actor, record)
       values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
      [
        record.id,
        record.time,
        record.outcome,
        record.serviceId,
        record.source,
        record.meshKind,
        record.actor.user,
        JSON.stringify(record),
      ],
    )
  }

  async complete(record: ChangeRecord): Promise<void> {
    await this.db.query(
      'update changes set outcome = $2, source = $3, mesh_kind = $4, record = $5::jsonb where id = $1',
      [record.id, record.outcome, record.source, record.meshKind, JSON.stringify(record)],
    )
  }

  async get(id: string): Promise<ChangeRecord | undefined> {
    if (!RECORD_ID.test(id)) return undefined
    const [row] = await this.db.query<Row>('select record from changes where id = $1', [id])
    return row && recordOf(row)
  }

  async list(q: Omit<ChangeQuery, 'format'>): Promise<ChangeList> {
    const where: string[] = []
    const params: unknown[] = []
    const add = (sql: string, value: unknown) => {
      params.push(value)
      where.push(sql.replace('?', `$${params.length}`))
    }
    if (q.service) add('service_id = ?', q.service)
    if (q.source) add('source = ?', q.source)
    if (q.mesh) add('mesh_kind = ?', q.mesh)
    if (q.actor) add('actor = ?', q.actor)
    if (q.outcome) add('outcome = ?', q.outcome)
    if (q.reverts) add("record->>'reverts' = ?", q.reverts)
    if (q.rollout) add("record->'rollout'->>'id' = ?", q.rollout)
    if (q.since) add('time >= ?', q.since)
    if (q.until) add('time < ?', q.until)
    if (q.cursor) {
      const [time, id] = decodeCursor(q.cursor)
      params.push(time, id)
      where.push(`(time, id) < ($${params.length - 1}, $${params.length})`)
    }
    params.push(q.limit + 1)
    const rows = await this.db.query<Row>(
      `select record from changes ${where.length ? `where ${where.join(' and ')}` : ''}
       order by time desc, id desc limit $${params.length}`,
      params,
    )
    const items = rows.slice(0, q.limit).map(recordOf)
    return rows.length > q.limit ? { items, nextCursor: encodeCursor(items.at(-1)!) } : { items }
  }

  /** Drops records older than `days`; answers how many went. */
  async prune(days: number): Promise<number> {
    const rows = await this.db.query<{ id: string }>(
      `delete from changes where time < now() - make_interval(days => $1) returning id`,
      [days],
    )
    return rows.length
  }
}
