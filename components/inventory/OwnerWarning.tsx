import { Warning } from '@/components/ui/Warning'
import { managerName } from '@/lib/format'
import type { Owner } from '@/lib/schemas'

/** Another writer of the routing object: a change made here may be reverted by it. */
export function OwnerWarning({ owner }: { owner: Owner }) {
  return (
    <Warning>
      Managed by {managerName(owner.manager)} ({owner.detail}): your change may be reverted.
    </Warning>
  )
}
