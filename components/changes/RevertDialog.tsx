'use client'

import Link from 'next/link'
import { useReducer, useState } from 'react'
import { serviceLabel, type Revertable } from './change-view'
import { useRevertChange } from './queries'
import { forceOf, initialRevert, revertReducer, type RevertState } from './revert-state'
import { ApplyError } from '@/components/split/ApplyError'
import { CommentField } from '@/components/split/CommentField'
import { ConfirmApplyDialog } from '@/components/split/ConfirmApplyDialog'
import { SplitBar } from '@/components/split/SplitBar'
import { Button } from '@/components/ui/Button'
import { Dialog } from '@/components/ui/Dialog'
import { Warning } from '@/components/ui/Warning'
import { formatSplit } from '@/lib/format'
import type { SplitBackend } from '@/lib/schemas'

const titles: Record<RevertState['step'], string> = {
  confirm: 'Revert this change?',
  sending: 'Revert this change?',
  owned: 'Revert this change?',
  conflict: 'The split moved since this change',
  done: 'Reverted',
}

/**
 * Revert with the same care as Apply: what will be written, a comment for the record, the owner
 * asked about before `force`, and a later change shown rather than overwritten.
 */
export function RevertDialog({ change, onClose }: { change: Revertable; onClose: () => void }) {
  const [state, dispatch] = useReducer(revertReducer, initialRevert)
  const [comment, setComment] = useState('')
  const revert = useRevertChange(change)

  async function send() {
    const force = forceOf(state)
    dispatch({ type: 'send' })
    try {
      const result = await revert.mutateAsync({
        ...(comment.trim() && { comment: comment.trim() }),
        ...(force && { force: true }),
      })
      dispatch({ type: 'answered', result })
    } catch (error) {
      dispatch({ type: 'failed', error })
    }
  }

  const finished = state.step === 'done' || state.step === 'conflict'
  const actions = (
    <>
      <Button variant={finished ? 'primary' : 'ghost'} onClick={onClose}>
        {finished ? 'Close' : 'Cancel'}
      </Button>
      {!finished && (
        <Button variant="primary" onClick={() => void send()} disabled={state.step === 'sending'}>
          {state.step === 'sending' ? 'Reverting…' : 'Revert'}
        </Button>
      )}
    </>
  )

  return (
    <>
      <Dialog open onClose={onClose} title={titles[state.step]} actions={actions}>
        {state.step === 'conflict' ? (
          <>
            <p>
              Nothing was written: this revert would overwrite a later change to{' '}
              {serviceLabel(change)}. The split is now (revision {state.current.revision}):
            </p>
            <div className="mt-3">
              <SplitBar backends={state.current.backends} />
            </div>
            <p className="mt-3 text-xs text-slate-500">
              To put {formatSplit(change.before.backends)} back all the same, set it in the{' '}
              <Link href={`/services/${change.serviceId}`} className="text-brand hover:underline">
                service&apos;s split editor
              </Link>
              .
            </p>
          </>
        ) : state.step === 'done' ? (
          <div className="space-y-2">
            <p
              role="status"
              className="rounded-md bg-ok-soft px-3 py-2 font-medium text-ok ring-1 ring-ok-line"
            >
              {state.result.outcome === 'no-op' ? 'Already in place' : 'Reverted'}:{' '}
              {formatSplit(state.result.backends)}
            </p>
            {state.result.warnings?.map((w) => (
              <Warning key={w}>{w}</Warning>
            ))}
          </div>
        ) : (
          <>
            <p>
              Writes back the split this change replaced on <strong>{serviceLabel(change)}</strong>{' '}
              ({change.source}, {change.meshKind}), with the same checks as Apply. If anyone changed
              the split since, nothing is written.
            </p>
            <dl className="mt-4 space-y-3">
              <SplitLine label="Now, as this change left it" backends={change.after.backends} />
              <SplitLine label="After the revert" backends={change.before.backends} />
            </dl>
            <CommentField
              value={comment}
              onChange={setComment}
              keptWith="revert"
              placeholder="e.g. 5xx spike on v2"
              className="mt-4"
            />
            {state.step === 'confirm' && state.error !== undefined && (
              <div className="mt-3">
                <ApplyError error={state.error} />
              </div>
            )}
          </>
        )}
      </Dialog>
      {state.step === 'owned' && (
        <ConfirmApplyDialog
          owner={state.owner}
          open
          split={change.before.backends}
          verb="Revert"
          onConfirm={() => void send()}
          onClose={() => dispatch({ type: 'keep-owner' })}
        />
      )}
    </>
  )
}

function SplitLine({ label, backends }: { label: string; backends: readonly SplitBackend[] }) {
  return (
    <div>
      <dt className="mb-1 text-xs font-medium text-slate-500">{label}</dt>
      <dd>
        <SplitBar backends={backends} />
      </dd>
    </div>
  )
}
