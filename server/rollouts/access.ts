import 'server-only'
import { parseServiceId } from '@/lib/ids'
import { loadConfig } from '@/server/config/config'
import { NotFoundError, SourceUnavailableError, ViewOnlyError } from '@/server/errors'
import type { Identity } from '@/server/identity/identity'
import type { Inventory } from '@/server/inventory'

/**
 * Starting a rollout, or acting on one, needs the right to change the service's split: refused in
 * view-only mode, and for a person the cluster (or the AWS group policy) would refuse the write.
 * Steps then act as the starter, so this check guards what a rollout may do for whom.
 */
export async function requireWriteAccess(
  inventory: Inventory,
  identity: Identity,
  serviceId: string,
): Promise<void> {
  if (loadConfig().viewOnly) throw new ViewOnlyError()
  if (identity.kind === 'meshpane') return
  const key = parseServiceId(serviceId)
  if (!key) throw new NotFoundError(`no service has id "${serviceId}"`)
  const write = (await inventory.as(identity).getService(serviceId)).capabilities?.write
  if (write && !write.allowed)
    throw new SourceUnavailableError('forbidden', key.mesh.source.name, write.reason ?? 'may not')
}
