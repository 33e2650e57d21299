import 'server-only'
import { getAudit } from '@/server/changes'
import { installShutdown } from '@/server/http/shutdown'
import { observeTraffic } from '@/server/http/traffic'

/**
 * Once the start checks passed: every request gets an id, a log line and its figures in
 * `/metrics`, and a stop (SIGTERM) lets writes in flight finish before the audit database closes.
 */
export function startServing(): void {
  observeTraffic()
  installShutdown(async () => (await getAudit()).close())
}
