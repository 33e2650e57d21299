import 'server-only'
import type { ChangeRecord } from '@/lib/schemas'
import { StorageUnavailableError } from '@/server/errors'
import { telemetry } from '@/server/telemetry/metrics'
import type { ChangeStore } from './store'

/**
 * Where the write pipeline keeps the one record of each attempt: `begin` makes it durable before
 * anything is sent to a source (if it cannot, the write does not happen), `finish` adds the outcome.
 */
export interface ChangeRecorder {
  begin(change: ChangeRecord): Promise<void>
  finish(change: ChangeRecord): Promise<void>
}

/**
 * Records in the audit store, each finished one as a JSON line for the platform's logs, and its
 * outcome counted in `meshpane_writes_total`.
 */
export function auditRecorder(store: () => Promise<ChangeStore>): ChangeRecorder {
  return {
    async begin(change) {
      try {
        await (await store()).insert(change)
      } catch (err) {
        throw new StorageUnavailableError(
          `the change was not made: it could not be recorded (${(err as Error).message})`,
        )
      }
    },
    async finish(change) {
      console.log(JSON.stringify({ event: 'split-change', ...change }))
      telemetry().writes.inc({ outcome: change.outcome ?? 'pending' })
      try {
        await (await store()).complete(change)
      } catch (err) {
        // The write happened and its record stays `pending`: say so loudly, don't fail the answer.
        console.error(`audit: could not complete record ${change.id}: ${(err as Error).message}`)
      }
    },
  }
}
