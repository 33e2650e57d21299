import 'server-only'
import type { FieldIssue, RolloutPlan, SplitBackend, TrafficSplit } from '@/lib/schemas'
import { OwnedError, UnprocessableError, ValidationError } from '@/server/errors'

/** Rollout controllers that would fight a rollout driven from here over the same object. */
const ROLLOUT_CONTROLLERS = ['flagger', 'argo-rollouts']

/** The plan's steps as driven: rising canary percents, ending at 100 (added when missing). */
export const drivenSteps = (plan: RolloutPlan): number[] =>
  plan.steps.at(-1) === 100 ? [...plan.steps] : [...plan.steps, 100]

/**
 * The split at a canary percent: the canary gets it, the primary the rest, every other backend 0
 * (a rollout moves traffic between two versions only). Step -1 is the primary at 100%.
 */
export function weightsAt(
  split: Pick<TrafficSplit, 'backends'>,
  plan: Pick<RolloutPlan, 'canary' | 'primary'>,
  canaryPercent: number,
): SplitBackend[] {
  // A canary among the candidates joins the route with its first step (at 0 it stays out).
  const names = split.backends.map((b) => b.name)
  if (!names.includes(plan.canary)) names.push(plan.canary)
  return names.map((name) => ({
    name,
    weight: name === plan.canary ? canaryPercent : name === plan.primary ? 100 - canaryPercent : 0,
  }))
}

/**
 * Whether the plan fits the service as it is now: both backends exist (the canary may be a
 * candidate the route does not name yet), and nobody else drives the
 * object (never Flagger or Argo Rollouts; a GitOps owner only with `force`).
 */
export function checkPlan(plan: RolloutPlan, split: TrafficSplit): void {
  const routable = (split.candidates ?? []).filter((c) => !c.reason)
  const names = [...split.backends, ...routable].map((b) => b.name)
  const fields: FieldIssue[] = (['canary', 'primary'] as const)
    .filter((f) => !names.includes(plan[f]))
    .map((f) => ({
      field: f,
      message: `unknown backend "${plan[f]}" (the service has ${names.join(', ')})`,
    }))
  if (fields.length > 0) throw new ValidationError(fields)
  if (split.owner && ROLLOUT_CONTROLLERS.includes(split.owner.manager))
    throw new UnprocessableError(
      `${split.owner.detail} (${split.owner.manager}) already drives this routing object: two rollout controllers would fight over it`,
      { owner: split.owner },
    )
  if (split.owner && !plan.force) throw new OwnedError(split.owner)
}

/** The same percents, whatever the order the backends were listed in. */
export const sameWeights = (a: readonly SplitBackend[], b: readonly SplitBackend[]) =>
  a.length === b.length && a.every((x) => b.find((y) => y.name === x.name)?.weight === x.weight)

/** "v1 90%, v2 10%", for timelines and notifications. */
export const describeWeights = (weights: readonly SplitBackend[]) =>
  weights
    .filter((w) => w.weight > 0)
    .map((w) => `${w.name} ${w.weight}%`)
    .join(', ')
