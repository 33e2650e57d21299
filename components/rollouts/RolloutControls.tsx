'use client'

import { ACTIVE_ROLLOUT_STATES, type Rollout } from '@/lib/schemas'
import { Button } from '@/components/ui/Button'
import { useRolloutAction } from './queries'

/** Promote (next step or all the way), Pause or Resume, Abort: what the state allows. */
export function RolloutControls({ rollout, readOnly }: { rollout: Rollout; readOnly: boolean }) {
  const act = useRolloutAction(rollout)
  if (!ACTIVE_ROLLOUT_STATES.includes(rollout.state)) return null
  const busy = readOnly || act.isPending || Boolean(rollout.pending)
  const paused = rollout.state === 'paused'
  const last = rollout.step >= rollout.steps.length - 1
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <Button
          variant="primary"
          disabled={busy || paused || last}
          onClick={() => act.mutate({ action: 'promote' })}
        >
          Promote
        </Button>
        <Button
          disabled={busy || paused}
          onClick={() => act.mutate({ action: 'promote', full: true })}
        >
          Promote to 100%
        </Button>
        <Button disabled={busy} onClick={() => act.mutate({ action: paused ? 'resume' : 'pause' })}>
          {paused ? 'Resume' : 'Pause'}
        </Button>
        <Button disabled={busy} onClick={() => act.mutate({ action: 'abort' })}>
          Abort
        </Button>
      </div>
      {act.error && (
        <p role="alert" className="text-sm text-bad">
          {act.error.message}
        </p>
      )}
    </div>
  )
}
