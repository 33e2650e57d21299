import 'server-only'
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { getAudit } from '@/server/changes'
import { loadConfig } from '@/server/config/config'
import { getInventory } from '@/server/inventory'
import { getMetrics } from '@/server/metrics'
import { getSplits } from '@/server/splits'
import { registerRolloutStates } from '@/server/telemetry/metrics'
import { RolloutEngine } from './engine'
import { RolloutLeases } from './lease'
import { RolloutStore } from './store'
import { metricsJudge } from './verdict'
import { webhookNotifier } from './webhooks'

export { RolloutEngine } from './engine'

/** A lease outlives a few missed passes, so one slow pass does not hand a rollout over. */
const leaseTtlMs = (tickMs: number) => Math.max(10_000, 5 * tickMs)

let shared: Promise<RolloutEngine> | undefined

/**
 * The process-wide rollout engine over the shared write pipeline and audit database, driving
 * (started at boot by instrumentation.ts, so a restart resumes every rollout at once).
 */
export function getRollouts(): Promise<RolloutEngine> {
  if (!shared) {
    const opening = (async () => {
      const config = loadConfig()
      const audit = await getAudit()
      const urls = config.rollouts.webhooks.map(
        (w) => w.url ?? readFileSync(w.urlFile!, 'utf8').trim(),
      )
      const store = new RolloutStore(audit.db)
      registerRolloutStates(() => store.countByState())
      const engine = new RolloutEngine({
        splits: getSplits(),
        changes: audit.store,
        judge: metricsJudge(getInventory(), getMetrics()),
        inventory: getInventory(),
        store,
        leases: new RolloutLeases(
          audit.db,
          `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
          leaseTtlMs(config.rollouts.tickMs),
        ),
        notify: webhookNotifier(urls).notify,
        tickMs: config.rollouts.tickMs,
      })
      engine.start()
      return engine
    })()
    opening.catch(() => (shared = undefined))
    shared = opening
  }
  return shared
}
