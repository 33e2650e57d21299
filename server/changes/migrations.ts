import 'server-only'
import type { Db, Query } from './db'

/**
 * The schema, one step per entry, applied in order at start and never edited once shipped (a
 * change is a new entry). The same SQL runs on PGlite and on PostgreSQL.
 */
const MIGRATIONS: readonly string[] = [
  `create table changes (
     id uuid primary key,
     time timestamptz not null,
     outcome text not null,
     service_id text not null,
     source text not null,
     mesh_kind text not null,
     actor text not null,
     record jsonb not null
   );
   create index changes_by_time on changes (time desc, id desc);
   create index changes_by_service on changes (service_id, time desc, id desc);`,
  // Rollouts: the whole rollout as JSON beside the columns it is listed by; `version` makes
  // every update a compare-and-set. A lease row names the replica driving a rollout, until when.
  `create table rollouts (
     id uuid primary key,
     service_id text not null,
     state text not null,
     created_at timestamptz not null,
     version int not null,
     record jsonb not null
   );
   create index rollouts_by_state on rollouts (state, created_at desc);
   create index rollouts_by_service on rollouts (service_id, created_at desc);
   create unique index one_active_rollout_per_service on rollouts (service_id)
     where state in ('progressing', 'waiting', 'paused');
   create table rollout_leases (
     rollout_id uuid primary key references rollouts (id) on delete cascade,
     holder text not null,
     expires_at timestamptz not null
   );`,
]

/** Any number, shared by every replica: only one of them migrates at a time. */
const MIGRATION_LOCK = 7_318_442

export function migrate(db: Db): Promise<void> {
  return db.session(async (query) => {
    await query('select pg_advisory_lock($1)', [MIGRATION_LOCK])
    try {
      await query(
        'create table if not exists schema_migrations (version int primary key, applied_at timestamptz not null default now())',
      )
      const [applied] = await query<{ version: number }>(
        'select coalesce(max(version), 0)::int as version from schema_migrations',
      )
      for (let v = applied!.version; v < MIGRATIONS.length; v++) await apply(query, v)
    } finally {
      await query('select pg_advisory_unlock($1)', [MIGRATION_LOCK])
    }
  })
}

async function apply(query: Query, index: number): Promise<void> {
  await query('begin')
  try {
    for (const statement of MIGRATIONS[index]!.split(';').filter((s) => s.trim()))
      await query(statement)
    await query('insert into schema_migrations (version) values ($1)', [index + 1])
    await query('commit')
  } catch (err) {
    await query('rollback')
    throw err
  }
}
