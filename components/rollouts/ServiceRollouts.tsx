'use client'

import { useState } from 'react'
import { ACTIVE_ROLLOUT_STATES } from '@/lib/schemas'
import { Button } from '@/components/ui/Button'
import { ErrorState } from '@/components/ui/ErrorState'
import { Section } from '@/components/ui/PageHeader'
import { SkeletonRows } from '@/components/ui/Skeleton'
import { PlanEditor } from './PlanEditor'
import { useServiceRollouts } from './queries'
import { RolloutControls } from './RolloutControls'
import { RolloutSummary } from './RolloutSummary'
import { RolloutTimeline } from './RolloutTimeline'

/** The service's rollout: start one, follow the latest live (timeline, verdicts), drive it. */
export function ServiceRollouts({
  serviceId,
  backends,
  readOnly,
}: {
  serviceId: string
  backends: { name: string; weight: number }[]
  readOnly: boolean
}) {
  const rollouts = useServiceRollouts(serviceId)
  const [editing, setEditing] = useState(false)
  const latest = rollouts.data?.items[0]
  const active = latest && ACTIVE_ROLLOUT_STATES.includes(latest.state)
  return (
    <Section
      title="Rollout"
      actions={
        <Button
          variant="primary"
          disabled={readOnly || active || backends.length < 2 || rollouts.isPending}
          onClick={() => setEditing(true)}
        >
          Start rollout
        </Button>
      }
    >
      {rollouts.isPending && <SkeletonRows label="rollouts" rows={2} />}
      {rollouts.error && (
        <ErrorState
          title="Could not load the rollouts"
          error={rollouts.error}
          onRetry={() => void rollouts.refetch()}
        />
      )}
      {rollouts.data && !latest && (
        <p className="text-sm text-slate-500">
          No rollout yet: start one to move traffic to a canary step by step, judged by its health.
        </p>
      )}
      {latest && (
        <div className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <RolloutSummary rollout={latest} />
          <RolloutControls rollout={latest} readOnly={readOnly} />
          <RolloutTimeline rollout={latest} />
        </div>
      )}
      {editing && (
        <PlanEditor
          serviceId={serviceId}
          backends={backends}
          open={editing}
          onClose={() => setEditing(false)}
          onStarted={() => void rollouts.refetch()}
        />
      )}
    </Section>
  )
}
