'use client'

import { Button } from '@/components/ui/Button'
import { Dialog } from '@/components/ui/Dialog'
import { formatSplit, managerName } from '@/lib/format'
import type { Owner, SplitBackend } from '@/lib/schemas'

/** Apply on an object another tool manages: say who, that it may revert the change, and ask. */
export function ConfirmApplyDialog({
  owner,
  open,
  mine,
  onConfirm,
  onClose,
}: {
  owner: Owner
  open: boolean
  mine: SplitBackend[]
  onConfirm: () => void
  onClose: () => void
}) {
  const who = managerName(owner.manager)
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={`Apply a change to an object managed by ${who}?`}
      actions={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" onClick={onConfirm}>
            Apply anyway
          </Button>
        </>
      }
    >
      <p>
        {who} ({owner.detail}) manages this routing object. It may put its own weights back soon
        after you apply {formatSplit(mine)}; make the change in its source too to keep it.
      </p>
    </Dialog>
  )
}
