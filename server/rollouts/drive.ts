import 'server-only'
import {
  ACTIVE_ROLLOUT_STATES,
  type Rollout,
  type RolloutEvent,
  type RolloutVerdict,
  type SplitBackend,
  type TrafficSplit,
} from '@/lib/schemas'
import type { ChangeStore } from '@/server/changes'
import { ConflictError, SourceUnavailableError } from '@/server/errors'
import type { SplitPipeline } from '@/server/splits'
import { rolloutContext, rolloutIdentity } from './context'
import { describeWeights, sameWeights, weightsAt } from './plan'
import type { Judge } from './verdict'

/** What driving a rollout needs: the write pipeline, the audit trail, and the canary's judge. */
export type DriveDeps = { splits: SplitPipeline; changes: ChangeStore; judge: Judge }

/** A rollout being changed, saved (compare-and-set) at each point a restart must find. */
export type Draft = { rollout: Rollout; save(): Promise<void> }

type Pending = NonNullable<Rollout['pending']>

const now = () => new Date().toISOString()

/** A rollout waiting for days is checked thousands of times: the oldest checks make room. */
const TIMELINE_LIMIT = 300

export function addEvent(r: Rollout, event: Omit<RolloutEvent, 'time' | 'step'>): void {
  r.timeline.push({ time: now(), step: r.step, ...event })
  if (r.timeline.length > TIMELINE_LIMIT) {
    const oldestCheck = r.timeline.findIndex((e) => e.type === 'check')
    r.timeline.splice(oldestCheck >= 0 ? oldestCheck : 0, 1)
  }
}

/** The weights the rollout last wrote (or found at its start). */
export const lastWeights = (r: Rollout): SplitBackend[] =>
  r.timeline.findLast((e) => e.weights)?.weights ?? []

export function pause(r: Rollout, p: Omit<NonNullable<Rollout['pause']>, 'from'>): void {
  if (r.state !== 'progressing' && r.state !== 'waiting') return
  r.pause = { ...p, from: r.state }
  r.state = 'paused'
  addEvent(r, { type: 'paused', message: p.message })
}

function pauseChanged(r: Rollout, found: TrafficSplit): void {
  const expected = lastWeights(r)
  r.pending = undefined
  if (r.state === 'paused') r.state = r.pause!.from
  pause(r, {
    reason: 'changed',
    message: `the split was changed outside this rollout: expected ${describeWeights(expected)}, found ${describeWeights(found.backends)}; nothing was overwritten`,
    expected,
    found: found.backends,
  })
}

/** Back to where it was paused from, with a fresh interval (the next verdict sees new figures). */
export function resume(r: Rollout, message: string, by?: string): void {
  if (r.state !== 'paused') return
  r.state = r.pause!.from
  r.pause = undefined
  r.stepStartedAt = now()
  r.checkedAt = undefined
  r.failures = 0
  addEvent(r, { type: 'resumed', message, ...(by && { by }) })
}

/** The write for step `index` (its canary percent), for `pending`. */
export function stepWrite(r: Rollout, split: TrafficSplit, index: number, message: string) {
  const weights = weightsAt(split, r.plan, r.steps[index]!)
  return { kind: 'step' as const, step: index, weights, message }
}

/**
 * Records the write as pending (so a restart finds it), sends it through the write pipeline under
 * the revision the rollout last wrote, and settles the rollout on the answer.
 */
export async function write(deps: DriveDeps, draft: Draft, pending: Pending): Promise<void> {
  draft.rollout.pending = pending
  await draft.save()
  await completePending(deps, draft)
}

/**
 * Sends the pending write. A conflict is either this rollout's own write (made before a restart
 * lost the answer: the audit trail has it, applied, at the revision found) or someone else's,
 * which pauses the rollout with the difference. An unreachable source keeps the write pending
 * and pauses until the source answers; another refusal pauses and drops it.
 */
export async function completePending(deps: DriveDeps, draft: Draft): Promise<void> {
  const r = draft.rollout
  const p = r.pending!
  try {
    const written = await deps.splits.apply(rolloutContext(r, p.step), r.serviceId, {
      backends: p.weights,
      revision: r.revision,
      ...(r.plan.force && { force: true }),
      comment: `rollout ${r.id}: ${p.message}`.slice(0, 500),
    })
    settle(r, p, written.revision)
  } catch (err) {
    if (err instanceof ConflictError) {
      if (await isOwnWrite(deps.changes, r, p, err.current)) settle(r, p, err.current.revision)
      else pauseChanged(r, err.current)
    } else if (err instanceof SourceUnavailableError && err.status !== 'forbidden') {
      pause(r, { reason: 'unreachable', message: `${err.message}; waiting for it to answer` })
    } else {
      r.pending = undefined
      if (r.state === 'paused') r.state = r.pause!.from
      pause(r, { reason: 'refused', message: `the write was refused: ${(err as Error).message}` })
    }
  }
  await draft.save()
}

async function isOwnWrite(changes: ChangeStore, r: Rollout, p: Pending, found: TrafficSplit) {
  const { items } = await changes.list({ rollout: r.id, outcome: 'applied', limit: 50 })
  return items.some(
    (c) =>
      c.rollout?.step === p.step &&
      c.after?.revision === found.revision &&
      sameWeights(c.after.backends, p.weights),
  )
}

function settle(r: Rollout, p: Pending, revision: string): void {
  r.revision = revision
  r.pending = undefined
  r.pause = undefined
  const details = {
    weights: p.weights,
    ...(p.verdict && { verdict: p.verdict }),
    ...(p.by && { by: p.by }),
  }
  if (p.kind !== 'step') {
    r.state = p.kind
    r.step = -1
    addEvent(r, { type: p.kind, message: p.message, ...details })
    return
  }
  r.step = p.step
  r.stepStartedAt = now()
  r.checkedAt = undefined
  r.failures = 0
  addEvent(r, { type: 'step', message: p.message, ...details })
  if (r.steps[p.step] === 100) {
    r.state = 'promoted'
    addEvent(r, { type: 'promoted', message: `${r.plan.canary} takes all traffic` })
  } else r.state = r.plan.mode === 'auto' ? 'progressing' : 'waiting'
}

const intervalMs = (r: Rollout) => r.plan.intervalSeconds * 1000

/**
 * One pass over a rollout held by this replica: finish a pending write; check the split is the one
 * it wrote (else pause, never overwrite); write the first step; and once an interval has passed,
 * judge the canary: healthy advances (auto), `failureLimit` failing checks in a row roll back.
 */
export async function drive(deps: DriveDeps, draft: Draft): Promise<void> {
  const r = draft.rollout
  // A pass queued behind an operator's abort (or the last step) finds the rollout done.
  if (!ACTIVE_ROLLOUT_STATES.includes(r.state)) return
  if (r.pending) return completePending(deps, draft)
  let split: TrafficSplit
  try {
    split = await deps.splits.read(rolloutIdentity(r), r.serviceId)
  } catch (err) {
    if (!(err instanceof SourceUnavailableError)) throw err
    if (r.state !== 'paused') {
      pause(r, { reason: 'unreachable', message: `${err.message}; waiting for it to answer` })
      await draft.save()
    }
    return
  }
  if (r.state === 'paused') {
    if (r.pause!.reason !== 'unreachable') return
    if (split.revision === r.revision)
      resume(r, 'the source answers again; nothing changed meanwhile')
    else pauseChanged(r, split)
    return draft.save()
  }
  if (split.revision !== r.revision) {
    pauseChanged(r, split)
    return draft.save()
  }
  if (r.step === -1) return write(deps, draft, stepWrite(r, split, 0, 'first step'))
  const due = Date.parse(r.checkedAt ?? r.stepStartedAt!) + intervalMs(r)
  if (Date.now() < due) return
  const verdict = await deps.judge(r)
  r.checkedAt = now()
  addEvent(r, { type: 'check', verdict, message: verdictLine(verdict) })
  if (verdict.status === 'failing') {
    r.failures += 1
    if (r.failures >= r.plan.analysis.failureLimit)
      return write(deps, draft, {
        kind: 'rolled-back',
        step: -1,
        weights: weightsAt(split, r.plan, 0),
        verdict,
        message: `${r.failures} failing checks in a row: ${verdictLine(verdict)}`,
      })
  } else if (verdict.status === 'healthy') {
    r.failures = 0
    if (r.plan.mode === 'auto')
      return write(deps, draft, {
        ...stepWrite(r, split, r.step + 1, `healthy at ${r.steps[r.step]}%`),
        verdict,
      })
  }
  await draft.save()
}

const verdictLine = (v: RolloutVerdict) =>
  `${v.status}${v.reasons.length ? `: ${v.reasons.map((x) => x.message).join('; ')}` : ''}`
