import 'server-only'
import type { MeshpaneConfig } from '@/server/config/config'
import { loadConfig } from '@/server/config/config'
import { embeddedDb, postgresDb, type Db } from './db'
import { lockDataFolder } from './data-lock'
import { migrate } from './migrations'
import { ChangeStore } from './store'

export { ChangeStore } from './store'
export type { Db, Query } from './db'
export { auditRecorder, type ChangeRecorder } from './recorder'
export { DataFolderInUseError } from './data-lock'

const PRUNE_EVERY_MS = 60 * 60 * 1000

/** The audit database: the change records, and the one connection rollouts keep their state in. */
export type Audit = { store: ChangeStore; db: Db; close(): Promise<void> }

/**
 * Opens the audit database the config names (embedded by default, PostgreSQL with
 * `storage.postgresUrl`), migrates it, and prunes records past the retention in the background.
 */
export async function openAudit(storage: MeshpaneConfig['storage']): Promise<Audit> {
  let release = () => {}
  let db: Db
  if (storage.postgresUrl) db = postgresDb(storage.postgresUrl, storage.postgresPasswordFile)
  else {
    release = lockDataFolder(storage.dir)
    db = await embeddedDb(storage.dir).catch((err: unknown) => {
      release()
      throw err
    })
  }
  await migrate(db)
  const store = new ChangeStore(db)
  const prune = () =>
    store
      .prune(storage.retentionDays)
      .catch((err: Error) => console.error(`audit: pruning failed: ${err.message}`))
  void prune()
  const timer = setInterval(prune, PRUNE_EVERY_MS).unref()
  return {
    store,
    db,
    async close() {
      clearInterval(timer)
      await db.close()
      release()
    },
  }
}

/**
 * Kept on globalThis: instrumentation.ts and the route handlers are separate bundles with their
 * own module instances, and two databases open on one folder would lose each other's writes.
 */
const SHARED = Symbol.for('meshpane.audit')
const holder = globalThis as { [SHARED]?: Promise<Audit> }

/** The process-wide audit store, opened on first use (or at start by instrumentation.ts). */
export function getAudit(): Promise<Audit> {
  if (!holder[SHARED]) {
    const opening = openAudit(loadConfig().storage)
    // A failed open is not kept: the next write tries again (and answers 503 meanwhile).
    opening.catch(() => (holder[SHARED] = undefined))
    holder[SHARED] = opening
  }
  return holder[SHARED]
}
