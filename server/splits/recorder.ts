import 'server-only'
import type { ChangeRecord } from '@/lib/schemas'

/** Where the write pipeline puts the one record of each attempt, before the answer is sent. */
export interface ChangeRecorder {
  record(change: ChangeRecord): Promise<void>
}

/** One JSON line per attempt on standard output, for the platform's log pipeline. */
export const logRecorder: ChangeRecorder = {
  async record(change) {
    console.log(JSON.stringify({ event: 'split-change', ...change }))
  },
}
