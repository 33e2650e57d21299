import 'server-only'
import type { Db } from '@/server/changes'

/**
 * Which replica drives a rollout: a row per rollout naming the holder and until when. Taken when
 * free or expired, renewed by its holder on every pass, released on a clean stop; a replica that
 * dies loses it when it expires. In the database rather than a Kubernetes Lease because the
 * database is the one thing every replica shares, AWS-only setups included, and the rollout's
 * state sits beside it.
 */
export class RolloutLeases {
  constructor(
    private readonly db: Db,
    /** This replica (host, pid and a random part: a restarted process is a new holder). */
    readonly holder: string,
    private readonly ttlMs: number,
  ) {}

  /** Takes or renews the lease of `rolloutId`; answers whether this replica holds it now. */
  async acquire(rolloutId: string): Promise<boolean> {
    const rows = await this.db.query<{ holder: string }>(
      `insert into rollout_leases (rollout_id, holder, expires_at)
       values ($1, $2, now() + make_interval(secs => $3))
       on conflict (rollout_id) do update
         set holder = excluded.holder, expires_at = excluded.expires_at
         where rollout_leases.holder = excluded.holder or rollout_leases.expires_at < now()
       returning holder`,
      [rolloutId, this.holder, this.ttlMs / 1000],
    )
    return rows.length === 1
  }

  async release(rolloutId: string): Promise<void> {
    await this.db.query('delete from rollout_leases where rollout_id = $1 and holder = $2', [
      rolloutId,
      this.holder,
    ])
  }
}
