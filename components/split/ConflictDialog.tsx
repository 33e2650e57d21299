'use client'

import type { SplitBackend, TrafficSplit } from '@/lib/schemas'
import { Button } from '@/components/ui/Button'
import { Dialog } from '@/components/ui/Dialog'
import { cx } from '@/components/ui/cx'

/**
 * Apply met a newer split (409): show what is there now beside the operator's values and let them
 * choose. Nothing is retried on their behalf.
 */
export function ConflictDialog({
  current,
  mine,
  busy,
  onReapply,
  onUseTheirs,
  onClose,
}: {
  current: TrafficSplit | null
  mine: SplitBackend[]
  busy: boolean
  onReapply: () => void
  onUseTheirs: () => void
  onClose: () => void
}) {
  const names = [
    ...new Set([...(current?.backends ?? []).map((b) => b.name), ...mine.map((b) => b.name)]),
  ]
  const weightIn = (backends: readonly SplitBackend[], name: string) =>
    backends.find((b) => b.name === name)?.weight
  return (
    <Dialog
      open={current !== null}
      onClose={onClose}
      title="Someone changed this split since you loaded it"
      actions={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={onUseTheirs} disabled={busy}>
            Use theirs
          </Button>
          <Button variant="primary" onClick={onReapply} disabled={busy}>
            {busy ? 'Applying…' : 'Reapply mine on top'}
          </Button>
        </>
      }
    >
      <p>Nothing was written. The split in the cluster is now:</p>
      <table aria-label="Current and your split" className="mt-3 w-full text-sm">
        <thead className="text-left text-xs tracking-wide text-slate-500 uppercase">
          <tr>
            <th scope="col" className="py-1.5">
              Backend
            </th>
            <th scope="col" className="py-1.5 text-right">
              Current
            </th>
            <th scope="col" className="py-1.5 text-right">
              Yours
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {current &&
            names.map((name) => {
              const theirs = weightIn(current.backends, name)
              const yours = weightIn(mine, name)
              return (
                <tr key={name} className={cx(theirs !== yours && 'font-semibold')}>
                  <th scope="row" className="py-1.5 text-left font-medium text-slate-800">
                    {name}
                  </th>
                  <td className="py-1.5 text-right tabular-nums">
                    {theirs === undefined ? '—' : `${theirs}%`}
                  </td>
                  <td className="py-1.5 text-right tabular-nums">
                    {yours === undefined ? '—' : `${yours}%`}
                  </td>
                </tr>
              )
            })}
        </tbody>
      </table>
      <p className="mt-3 text-xs text-slate-500">
        Reapply writes your values over revision {current?.revision}; Use theirs loads the current
        values into the editor.
      </p>
    </Dialog>
  )
}
