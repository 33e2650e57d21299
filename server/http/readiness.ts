import 'server-only'
import { getAudit } from '@/server/changes'
import { loadConfig } from '@/server/config/config'
import { isDraining } from './shutdown'

/** How long the database may take to answer a readiness check. */
const DATABASE_CHECK_MS = 2000

type Check = 'ok' | 'failed'
export type Readiness = {
  status: 'ready' | 'not-ready'
  checks: { config: Check; database: Check; shuttingDown: boolean }
}

/**
 * Ready to take traffic: the config loads, the audit database answers a query within 2 s, and the
 * process is not stopping. Why a check failed goes to the log, not the answer: `/readyz` answers
 * anyone who reaches the port, before sign-in.
 */
export async function readiness(): Promise<Readiness> {
  const config = attempt('config', async () => void loadConfig())
  const database = attempt('database', async () => {
    const store = (await getAudit()).store
    await store.list({ limit: 1 })
  })
  const checks = { config: await config, database: await database, shuttingDown: isDraining() }
  const ready = checks.config === 'ok' && checks.database === 'ok' && !checks.shuttingDown
  return { status: ready ? 'ready' : 'not-ready', checks }
}

async function attempt(check: string, run: () => Promise<void>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${DATABASE_CHECK_MS} ms`)),
      DATABASE_CHECK_MS,
    )
  })
  try {
    await Promise.race([run(), late])
    return 'ok'
  } catch (err) {
    console.log(
      JSON.stringify({
        time: new Date().toISOString(),
        level: 'warn',
        event: 'not-ready',
        check,
        message: (err as Error).message,
      }),
    )
    return 'failed'
  } finally {
    clearTimeout(timer)
  }
}
