'use client'

import { Button } from '@/components/ui/Button'
import { Dialog } from '@/components/ui/Dialog'
import { formatSplit, managerName } from '@/lib/format'
import type { Owner, SplitBackend } from '@/lib/schemas'

/**
 * A write (an Apply, or a Revert) to an object another tool manages: say who, that it may put its
 * own weights back over `split`, and ask.
 */
export function ConfirmApplyDialog({
  owner,
  open,
  split,
  verb = 'Apply',
  onConfirm,
  onClose,
}: {
  owner: Owner
  open: boolean
  split: SplitBackend[]
  verb?: 'Apply' | 'Revert'
  onConfirm: () => void
  onClose: () => void
}) {
  const who = managerName(owner.manager)
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={`${verb} a change to an object managed by ${who}?`}
      actions={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" onClick={onConfirm}>
            {verb} anyway
          </Button>
        </>
      }
    >
      <p>
        {who} ({owner.detail}) manages this routing object. It may put its own weights back soon
        after Meshpane writes {formatSplit(split)}; make the change in its source too to keep it.
      </p>
    </Dialog>
  )
}
