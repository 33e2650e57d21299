import 'server-only'
import { traffic } from './traffic'

/** How long a stopping process waits for writes in flight (Kubernetes allows 30 s by default). */
const WRITES_GRACE_MS = 25_000

type Lifecycle = { draining: boolean }
const KEY = Symbol.for('meshpane.lifecycle')
const lifecycle = (): Lifecycle => {
  const global = globalThis as { [KEY]?: Lifecycle }
  return (global[KEY] ??= { draining: false })
}

/** True once SIGTERM arrived: `/readyz` answers 503 so no new traffic is sent here. */
export const isDraining = () => lifecycle().draining

const log = (fields: Record<string, unknown>) =>
  console.log(JSON.stringify({ time: new Date().toISOString(), level: 'info', ...fields }))

/**
 * On SIGTERM or SIGINT: stop accepting connections, let every write in flight finish (so its
 * change record is completed), then `close` (the audit database) and exit. Next's own handler
 * would exit as soon as the requests end, before the database is closed: it stands aside when
 * NEXT_MANUAL_SIG_HANDLE is set, as scripts/start.sh and the image do.
 */
export function installShutdown(close: () => Promise<void>): void {
  if (process.env.NODE_ENV !== 'production') return // next dev: its own handler is enough
  if (!process.env.NEXT_MANUAL_SIG_HANDLE) {
    log({
      level: 'warn',
      event: 'shutdown-unmanaged',
      message:
        'NEXT_MANUAL_SIG_HANDLE is not set: on SIGTERM Next exits without closing the audit database (scripts/start.sh sets it)',
    })
    return
  }
  const stop = (signal: NodeJS.Signals) => {
    if (lifecycle().draining) return
    lifecycle().draining = true
    void shutDown(signal, close)
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
}

async function shutDown(signal: NodeJS.Signals, close: () => Promise<void>): Promise<void> {
  const state = traffic()
  log({ event: 'shutdown', signal, writesInFlight: state.writesInFlight })
  state.server?.close() // no new connections; idle keep-alive ones are closed
  const finished = await writesDone(WRITES_GRACE_MS)
  let code = finished ? 0 : 1
  try {
    await close()
  } catch (err) {
    console.error(`meshpane: closing the audit database failed: ${(err as Error).message}`)
    code = 1
  }
  log({ event: 'stopped', signal, writesUnfinished: state.writesInFlight })
  process.exit(code)
}

/** Resolves true once no write is in flight, false if some still are after `ms`. */
function writesDone(ms: number): Promise<boolean> {
  const state = traffic()
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms)
    const check = () => {
      if (state.writesInFlight > 0) return
      clearTimeout(timer)
      state.onWriteDone = undefined
      resolve(true)
    }
    state.onWriteDone = check
    check()
  })
}
