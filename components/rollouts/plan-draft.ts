import { RolloutPlan, type FieldIssue } from '@/lib/schemas'

/** The plan editor's fields as typed (text), before they are a plan. */
export type PlanDraft = {
  primary: string
  canary: string
  steps: string
  intervalSeconds: string
  mode: 'auto' | 'manual'
  minRequests: string
  successRateDrop: string
  latencyRatio: string
  failureLimit: string
}

/** Ready-made step plans: the usual canary shapes. */
export const PRESETS = [
  { name: 'Quick', steps: '10, 50', intervalSeconds: '60' },
  { name: 'Standard', steps: '5, 10, 25, 50', intervalSeconds: '300' },
  { name: 'Careful', steps: '1, 5, 10, 25, 50, 75', intervalSeconds: '600' },
] as const

/** A draft for a service: the busiest backend as primary, the next as canary, the Standard preset. */
export function initialDraft(backends: { name: string; weight: number }[]): PlanDraft {
  const byWeight = [...backends].sort((a, b) => b.weight - a.weight)
  return {
    primary: byWeight[0]?.name ?? '',
    canary: byWeight[1]?.name ?? '',
    steps: PRESETS[1].steps,
    intervalSeconds: PRESETS[1].intervalSeconds,
    mode: 'auto',
    minRequests: '',
    successRateDrop: '',
    latencyRatio: '',
    failureLimit: '2',
  }
}

const number = (text: string) => (text.trim() === '' ? undefined : Number(text))

/** The draft as a plan, checked with the schema the server parses with, or the fields at fault. */
export function planOf(
  draft: PlanDraft,
): { plan: RolloutPlan; errors: [] } | { plan: null; errors: FieldIssue[] } {
  const steps = draft.steps
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number)
  const analysis = Object.fromEntries(
    (['minRequests', 'successRateDrop', 'latencyRatio', 'failureLimit'] as const)
      .map((k) => [k, number(draft[k])])
      .filter(([, v]) => v !== undefined),
  )
  const parsed = RolloutPlan.safeParse({
    primary: draft.primary,
    canary: draft.canary,
    steps,
    intervalSeconds: number(draft.intervalSeconds),
    mode: draft.mode,
    analysis,
  })
  if (parsed.success) return { plan: parsed.data, errors: [] }
  return {
    plan: null,
    errors: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
  }
}
