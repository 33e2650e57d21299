import 'server-only'
import { auditRecorder, getAudit } from '@/server/changes'
import { loadConfig } from '@/server/config/config'
import { getInventory } from '@/server/inventory'
import { awsAccessGuard } from './aws-access-guard'
import { SplitPipeline } from './pipeline'
import { viewOnlyGuard } from './view-only'

export { SplitPipeline, type WriteGuard } from './pipeline'
export type { WriteContext } from './context'
export { revertChange } from './revert'

let shared: SplitPipeline | undefined

/** The process-wide write pipeline over the shared inventory, recording in the audit store. */
export function getSplits(): SplitPipeline {
  shared ??= new SplitPipeline(
    getInventory(),
    auditRecorder(async () => (await getAudit()).store),
    loadConfig().viewOnly ? [viewOnlyGuard, awsAccessGuard] : [awsAccessGuard],
  )
  return shared
}
