import 'server-only'
import { loadConfig } from '@/server/config/config'
import { awsSources } from '@/server/sources/aws'
import { clusterSources } from '@/server/sources/sources'
import { Inventory } from './inventory'

export { Inventory, type ResolvedService } from './inventory'

let shared: Inventory | undefined

/**
 * The process-wide inventory, built on first use (never at import, so a bad config or a dead
 * cluster cannot stop the app from starting; a config error is answered on every request).
 */
export function getInventory(): Inventory {
  if (!shared) {
    const config = loadConfig()
    shared = new Inventory(
      [...clusterSources(config), ...awsSources(config.aws)],
      config.sourceTimeoutMs,
    )
  }
  return shared
}
