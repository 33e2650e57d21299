import 'server-only'
import { ACTIVE_ROLLOUT_STATES, type Rollout, type RolloutQuery } from '@/lib/schemas'
import type { Db } from '@/server/changes'

type Row = { record: Rollout | string; version: number }
export type Versioned = { rollout: Rollout; version: number }

const RECORD_ID = /^[0-9a-f-]{36}$/
const ACTIVE = ACTIVE_ROLLOUT_STATES.map((s) => `'${s}'`).join(', ')
const versioned = (row: Row): Versioned => ({
  rollout: typeof row.record === 'string' ? (JSON.parse(row.record) as Rollout) : row.record,
  version: row.version,
})

/** A second active rollout of one service: the unique index refused it. */
export class ActiveRolloutExistsError extends Error {}

/**
 * Rollouts in the audit database, one row each: the whole rollout as JSON beside the columns it
 * is listed by. Every update is a compare-and-set on `version`, so two writers (an operator's
 * action on one replica, the driving replica's step) never lose each other's change.
 */
export class RolloutStore {
  constructor(private readonly db: Db) {}

  async insert(rollout: Rollout): Promise<void> {
    try {
      await this.db.query(
        `insert into rollouts (id, service_id, state, created_at, version, record)
         values ($1, $2, $3, $4, 1, $5::jsonb)`,
        [rollout.id, rollout.serviceId, rollout.state, rollout.createdAt, JSON.stringify(rollout)],
      )
    } catch (err) {
      if (/one_active_rollout_per_service/.test((err as Error).message))
        throw new ActiveRolloutExistsError((err as Error).message)
      throw err
    }
  }

  /** Saves `rollout` if nobody saved since `version` was read; answers whether it did. */
  async save(rollout: Rollout, version: number): Promise<boolean> {
    const rows = await this.db.query(
      `update rollouts set state = $2, version = version + 1, record = $3::jsonb
       where id = $1 and version = $4 returning id`,
      [rollout.id, rollout.state, JSON.stringify(rollout), version],
    )
    return rows.length === 1
  }

  async get(id: string): Promise<Versioned | undefined> {
    if (!RECORD_ID.test(id)) return undefined
    const [row] = await this.db.query<Row>('select record, version from rollouts where id = $1', [
      id,
    ])
    return row && versioned(row)
  }

  async list(q: RolloutQuery): Promise<Rollout[]> {
    const where: string[] = []
    const params: unknown[] = []
    if (q.state) where.push(`state = $${params.push(q.state)}`)
    if (q.service) where.push(`service_id = $${params.push(q.service)}`)
    params.push(q.limit)
    const rows = await this.db.query<Row>(
      `select record, version from rollouts ${where.length ? `where ${where.join(' and ')}` : ''}
       order by created_at desc, id desc limit $${params.length}`,
      params,
    )
    return rows.map((r) => versioned(r).rollout)
  }

  /** The ids of every rollout still to drive (progressing, waiting or paused). */
  async activeIds(): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `select id from rollouts where state in (${ACTIVE}) order by created_at`,
    )
    return rows.map((r) => r.id)
  }

  /** How many rollouts are in each state (for /metrics). */
  async countByState(): Promise<Record<string, number>> {
    const rows = await this.db.query<{ state: string; count: number | string }>(
      'select state, count(*) as count from rollouts group by state',
    )
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.count)]))
  }
}
