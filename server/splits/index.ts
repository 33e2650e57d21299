import 'server-only'
import { getInventory } from '@/server/inventory'
import { SplitPipeline } from './pipeline'
import { logRecorder } from './recorder'

export { SplitPipeline, type WriteGuard } from './pipeline'
export { LOCAL_ACTOR, type WriteContext } from './context'
export type { ChangeRecorder } from './recorder'

let shared: SplitPipeline | undefined

/** The process-wide write pipeline over the shared inventory. */
export function getSplits(): SplitPipeline {
  shared ??= new SplitPipeline(getInventory(), logRecorder)
  return shared
}
