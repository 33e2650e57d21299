import 'server-only'
import type { RevertRequest, SplitWriteResult } from '@/lib/schemas'
import type { ChangeStore } from '@/server/changes/store'
import { NotFoundError, UnprocessableError } from '@/server/errors'
import type { WriteContext } from './context'
import type { SplitPipeline } from './pipeline'

/**
 * Puts back the split an applied change replaced, through the same write path. Its precondition is
 * the revision the change left: if anyone wrote since, the revert is a 409 with the split now
 * (recorded like any attempt) and never clobbers the later change.
 */
export async function revertChange(
  splits: SplitPipeline,
  store: ChangeStore,
  context: WriteContext,
  changeId: string,
  request: RevertRequest,
): Promise<SplitWriteResult> {
  const change = await store.get(changeId)
  if (!change) throw new NotFoundError(`no change has id "${changeId}"`)
  if (change.outcome !== 'applied' || !change.before || !change.after)
    throw new UnprocessableError(
      `only an applied change can be reverted; this one is ${change.outcome}`,
    )
  // Backends the change added leave the route again (at 0); matches go back only if it set them.
  const before = new Set(change.before.backends.map((b) => b.name))
  const added = change.after.backends.filter((b) => !before.has(b.name)).map((b) => b.name)
  return splits.apply({ ...context, reverts: change.id }, change.serviceId, {
    backends: change.before.backends,
    ...(added.length > 0 && { remove: added }),
    ...(change.requested.matches && change.before.matches && { matches: change.before.matches }),
    revision: change.after.revision,
    ...(request.comment && { comment: request.comment }),
    ...(request.force && { force: true }),
  })
}
