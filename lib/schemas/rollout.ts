import { z } from 'zod'
import { Actor } from './change'
import { HealthReason, HealthStatus } from './metrics'
import { SplitBackend } from './split'

/** Caps on a plan: far above any real rollout, low enough that one costs little to keep. */
export const ROLLOUT_LIMITS = { steps: 20, intervalSeconds: 86_400, failureLimit: 100 } as const

const Name = z.string().min(1, { error: 'is required' }).max(255)
const Percent = z
  .number({ error: 'must be a number' })
  .int({ error: 'must be a whole number of percent' })
  .min(1, { error: 'must be at least 1' })
  .max(100, { error: 'must be at most 100' })

/**
 * The canary rules a step is judged by (lib/health.ts), over the service's configured thresholds:
 * `minRequests` before judging, the success-rate drop (percentage points below the primary) and
 * p99 latency ratio at which the canary fails; `failureLimit` failing checks in a row roll back.
 */
export const RolloutAnalysis = z
  .object({
    minRequests: z.number().int().min(0).max(1_000_000).optional(),
    successRateDrop: z.number().min(0).max(100).optional(),
    latencyRatio: z.number().min(1).max(1000).optional(),
    failureLimit: z
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number' })
      .min(1, { error: 'must be at least 1' })
      .max(ROLLOUT_LIMITS.failureLimit, { error: `must be at most ${ROLLOUT_LIMITS.failureLimit}` })
      .default(2),
  })
  .strict()
export type RolloutAnalysis = z.infer<typeof RolloutAnalysis>

/**
 * The body of POST /api/v1/services/{id}/rollouts: move traffic from `primary` to `canary` in
 * `steps` (canary percents, rising; 100 is added when missing), judging each after `interval`.
 * `auto` advances on a healthy verdict; `manual` waits for a promote at every step.
 */
export const RolloutPlan = z
  .object({
    canary: Name,
    primary: Name,
    steps: z
      .array(Percent)
      .min(1, { error: 'must hold at least one step' })
      .max(ROLLOUT_LIMITS.steps, { error: `must hold at most ${ROLLOUT_LIMITS.steps} steps` }),
    /** Seconds each step runs before its verdict (and between checks while it waits). */
    intervalSeconds: z
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number of seconds' })
      .min(1, { error: 'must be at least 1 second' })
      .max(ROLLOUT_LIMITS.intervalSeconds, { error: 'must be at most a day' }),
    analysis: RolloutAnalysis.default({ failureLimit: 2 }),
    mode: z.enum(['auto', 'manual']).default('auto'),
    /** Write even though a GitOps tool manages the object (never Flagger or Argo Rollouts). */
    force: z.boolean({ error: 'must be true or false' }).optional(),
    comment: z.string().max(500, { error: 'must be at most 500 characters' }).optional(),
  })
  .strict()
  .superRefine((plan, ctx) => {
    if (plan.canary === plan.primary)
      ctx.addIssue({ code: 'custom', path: ['canary'], message: 'must differ from the primary' })
    plan.steps.forEach((s, i) => {
      if (i > 0 && s <= plan.steps[i - 1]!)
        ctx.addIssue({ code: 'custom', path: ['steps', i], message: 'must rise step by step' })
    })
  })
export type RolloutPlan = z.infer<typeof RolloutPlan>

export const RolloutState = z.enum([
  'progressing',
  'waiting',
  'paused',
  'promoted',
  'rolled-back',
  'aborted',
])
export type RolloutState = z.infer<typeof RolloutState>
export const ACTIVE_ROLLOUT_STATES: readonly RolloutState[] = ['progressing', 'waiting', 'paused']

/**
 * Why a rollout is paused: an operator asked, someone else changed the split, the source is
 * unreachable, or the write was refused (forbidden, owned, view-only, not expressible).
 */
export const RolloutPause = z.object({
  reason: z.enum(['operator', 'changed', 'unreachable', 'refused']),
  message: z.string(),
  /** The split the rollout last wrote and the one found (reason `changed`). */
  expected: z.array(SplitBackend).optional(),
  found: z.array(SplitBackend).optional(),
  /** The state to return to on resume. */
  from: z.enum(['progressing', 'waiting']),
})
export type RolloutPause = z.infer<typeof RolloutPause>

export const RolloutVerdict = z.object({
  status: HealthStatus,
  reasons: z.array(HealthReason),
})
export type RolloutVerdict = z.infer<typeof RolloutVerdict>

/** One line of a rollout's timeline. */
export const RolloutEvent = z.object({
  time: z.string(),
  type: z.enum([
    'started',
    'step',
    'check',
    'paused',
    'resumed',
    'promoted',
    'rolled-back',
    'aborted',
  ]),
  /** The step (0-based) the event belongs to. */
  step: z.number().int(),
  /** Weights written (step, promotion, rollback, abort). */
  weights: z.array(SplitBackend).optional(),
  verdict: RolloutVerdict.optional(),
  message: z.string(),
  by: z.string().optional(),
})
export type RolloutEvent = z.infer<typeof RolloutEvent>

export const Rollout = z.object({
  id: z.string(),
  serviceId: z.string(),
  /** Where the service is, for lists across sources. */
  service: z.object({
    name: z.string(),
    namespace: z.string(),
    source: z.string(),
    meshKind: z.string(),
  }),
  plan: RolloutPlan,
  /** The steps as driven: the plan's, ending at 100. */
  steps: z.array(z.number().int()),
  state: RolloutState,
  /** The current step (0-based), -1 before the first is written. */
  step: z.number().int(),
  /** When the current step was written (its interval runs from here). */
  stepStartedAt: z.string().optional(),
  /** When the canary was last judged (the next check is an interval later). */
  checkedAt: z.string().optional(),
  /**
   * A write decided and not yet confirmed (recorded before it is sent): after a restart it is
   * completed if the audit trail shows it applied, or sent again under the same precondition.
   */
  pending: z
    .object({
      kind: z.enum(['step', 'rolled-back', 'aborted']),
      step: z.number().int(),
      weights: z.array(SplitBackend),
      message: z.string(),
      verdict: RolloutVerdict.optional(),
      by: z.string().optional(),
    })
    .optional(),
  /** Failing checks in a row at the current step. */
  failures: z.number().int(),
  pause: RolloutPause.optional(),
  /** The revision of the split after the rollout's last write: its precondition. */
  revision: z.string(),
  startedBy: Actor,
  createdAt: z.string(),
  updatedAt: z.string(),
  timeline: z.array(RolloutEvent),
})
export type Rollout = z.infer<typeof Rollout>

export const RolloutList = z.object({ items: z.array(Rollout) })
export type RolloutList = z.infer<typeof RolloutList>

/** GET /api/v1/rollouts filters. */
export const RolloutQuery = z
  .object({
    state: RolloutState.optional(),
    service: z.string().max(512).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict()
export type RolloutQuery = z.infer<typeof RolloutQuery>

/** The body of POST …/rollouts/{id}/promote: the next step, or straight to 100% with `full`. */
export const RolloutPromote = z
  .object({ full: z.boolean({ error: 'must be true or false' }).optional() })
  .strict()
export type RolloutPromote = z.infer<typeof RolloutPromote>

/** The body of pause, resume and abort: an optional reason for the timeline. */
export const RolloutAction = z
  .object({ comment: z.string().max(500, { error: 'must be at most 500 characters' }).optional() })
  .strict()
export type RolloutAction = z.infer<typeof RolloutAction>
