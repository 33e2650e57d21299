import 'server-only'
import { PGlite } from '@electric-sql/pglite'
import { readFileSync } from 'node:fs'
import pg from 'pg'

export type Query = <T>(sql: string, params?: unknown[]) => Promise<T[]>

/**
 * The one SQL surface the audit store uses, the same for both engines: PGlite (PostgreSQL
 * compiled to WebAssembly, on disk in a data folder, no server) and a PostgreSQL server shared by
 * several Meshpane replicas. Placeholders are `$1…`; JSON goes in as text cast to jsonb.
 */
export interface Db {
  query: Query
  /** Runs `work` on one connection (session locks, transactions). */
  session<T>(work: (query: Query) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/**
 * PostgreSQL's default 128 MB of shared buffers would sit in Meshpane's own memory (PGlite runs in
 * the process): the audit trail is read a page at a time, so 16 MB keeps its indexes warm.
 */
const EMBEDDED_SETTINGS = ['shared_buffers=16MB']

export async function embeddedDb(dir: string): Promise<Db> {
  const db = await PGlite.create(dir, { postgresqlconf: EMBEDDED_SETTINGS })
  const query: Query = async <T>(sql: string, params?: unknown[]) =>
    (await db.query<T>(sql, params)).rows
  // PGlite is one connection: a session is every query.
  return { query, session: (work) => work(query), close: () => db.close() }
}

export function postgresDb(connectionString: string, passwordFile?: string): Db {
  // A small pool: writes are a few per second; several replicas share the server's connections.
  const pool = new pg.Pool({
    connectionString,
    // Read on every new connection, so a rotated password applies without a restart.
    ...(passwordFile && { password: () => readFileSync(passwordFile, 'utf8').trim() }),
    max: 5,
    connectionTimeoutMillis: 5000,
  })
  // An idle client losing its server connection must not crash the process; the next query reconnects.
  pool.on('error', (err) => console.error(`audit database: ${err.message}`))
  const over =
    (client: pg.Pool | pg.PoolClient): Query =>
    async <T>(sql: string, params?: unknown[]) =>
      (await client.query(sql, params)).rows as T[]
  return {
    query: over(pool),
    async session(work) {
      const client = await pool.connect()
      try {
        return await work(over(client))
      } finally {
        client.release()
      }
    },
    close: () => pool.end(),
  }
}
