'use client'

import { useId, useState, type ReactNode } from 'react'
import { errorFields } from '@/lib/api-client'
import type { Rollout } from '@/lib/schemas'
import { Button } from '@/components/ui/Button'
import { Dialog } from '@/components/ui/Dialog'
import { initialDraft, planOf, PRESETS, type PlanDraft } from './plan-draft'
import { useStartRollout } from './queries'

const input =
  'w-full rounded-md border border-slate-300 px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-brand'

function Field({
  label,
  error,
  hint,
  children,
}: {
  label: string
  error?: string
  hint?: string
  children: (id: string) => ReactNode
}) {
  const id = useId()
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-slate-600">
        {label}
      </label>
      {children(id)}
      {hint && !error && <p className="text-xs text-slate-500">{hint}</p>}
      {error && <p className="text-xs text-bad">{error}</p>}
    </div>
  )
}

/**
 * "Start rollout": the plan (which backend, steps, interval, the canary rules and how many failing
 * checks roll back), checked with the server's schema before it is sent; presets fill the steps.
 */
export function PlanEditor({
  serviceId,
  backends,
  open,
  onClose,
  onStarted,
}: {
  serviceId: string
  backends: { name: string; weight: number }[]
  open: boolean
  onClose: () => void
  onStarted: (rollout: Rollout) => void
}) {
  const [draft, setDraft] = useState<PlanDraft>(() => initialDraft(backends))
  const [shown, setShown] = useState<{ field: string; message: string }[]>([])
  const start = useStartRollout(serviceId)
  const set = (patch: Partial<PlanDraft>) => setDraft((d) => ({ ...d, ...patch }))
  const errorOf = (field: string) =>
    [...shown, ...errorFields(start.error)].find((e) => e.field === field)?.message
  const names = backends.map((b) => b.name)

  function submit() {
    const { plan, errors } = planOf(draft)
    setShown(errors)
    if (plan)
      start.mutate(plan, {
        onSuccess: (rollout) => {
          onStarted(rollout)
          onClose()
        },
      })
  }

  const backendSelect = (field: 'primary' | 'canary') =>
    function BackendSelect(id: string) {
      return (
        <select
          id={id}
          className={input}
          value={draft[field]}
          onChange={(e) => set({ [field]: e.target.value })}
        >
          {names.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      )
    }
  const text = (field: keyof PlanDraft, placeholder?: string) =>
    function TextInput(id: string) {
      return (
        <input
          id={id}
          className={input}
          value={draft[field]}
          placeholder={placeholder}
          inputMode="decimal"
          onChange={(e) => set({ [field]: e.target.value })}
        />
      )
    }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Start rollout"
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" onClick={submit} disabled={start.isPending}>
            {start.isPending ? 'Starting…' : 'Start'}
          </Button>
        </>
      }
    >
      <div className="grid grid-cols-2 gap-3">
        <Field label="Primary" error={errorOf('primary')}>
          {backendSelect('primary')}
        </Field>
        <Field label="Canary" error={errorOf('canary')}>
          {backendSelect('canary')}
        </Field>
        <div
          className="col-span-2 flex flex-wrap items-center gap-2"
          role="group"
          aria-label="Presets"
        >
          <span className="text-xs font-medium text-slate-600">Presets</span>
          {PRESETS.map((p) => (
            <Button
              key={p.name}
              variant="ghost"
              onClick={() => set({ steps: p.steps, intervalSeconds: p.intervalSeconds })}
            >
              {p.name}
            </Button>
          ))}
        </div>
        <Field
          label="Steps (canary %)"
          hint="Rising; 100 is added at the end"
          error={errorOf('steps') ?? shown.find((e) => e.field.startsWith('steps.'))?.message}
        >
          {text('steps', '5, 10, 25, 50')}
        </Field>
        <Field label="Interval (seconds)" error={errorOf('intervalSeconds')}>
          {text('intervalSeconds')}
        </Field>
        <fieldset className="col-span-2 flex gap-4 text-sm">
          <legend className="mb-1 text-xs font-medium text-slate-600">Mode</legend>
          {(['auto', 'manual'] as const).map((mode) => (
            <label key={mode} className="flex items-center gap-1.5">
              <input
                type="radio"
                name="mode"
                checked={draft.mode === mode}
                onChange={() => set({ mode })}
              />
              {mode === 'auto' ? 'Auto: advance when healthy' : 'Manual: wait for Promote'}
            </label>
          ))}
        </fieldset>
        <Field
          label="Minimum requests"
          hint="Service default when empty"
          error={errorOf('analysis.minRequests')}
        >
          {text('minRequests')}
        </Field>
        <Field
          label="Failing success-rate drop (points)"
          error={errorOf('analysis.successRateDrop')}
        >
          {text('successRateDrop', '5')}
        </Field>
        <Field label="Failing p99 latency ratio" error={errorOf('analysis.latencyRatio')}>
          {text('latencyRatio', '3')}
        </Field>
        <Field label="Failing checks before rollback" error={errorOf('analysis.failureLimit')}>
          {text('failureLimit')}
        </Field>
      </div>
      {start.error && errorFields(start.error).length === 0 && (
        <p role="alert" className="mt-3 text-sm text-bad">
          {start.error.message}
        </p>
      )}
    </Dialog>
  )
}
