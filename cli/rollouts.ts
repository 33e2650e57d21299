import type { RolloutActionName } from '../lib/api-client'
import type { Rollout } from '../lib/schemas'
import type { Context } from './commands'
import { UsageError } from './errors'
import { render, weights, type Column } from './output'
import { findService, type Scope } from './resolve'

const ROWS: Column<Rollout>[] = [
  ['service', (r) => `${r.service.source}/${r.service.namespace}/${r.service.name}`],
  ['canary', (r) => `${r.plan.canary} over ${r.plan.primary}`],
  ['state', (r) => r.state + (r.pause ? ` (${r.pause.reason})` : '')],
  ['step', (r) => `${r.step + 1}/${r.steps.length}`],
  ['split', (r) => weights(r.timeline.findLast((e) => e.weights)?.weights ?? [])],
  ['id', (r) => r.id],
]

export async function getRollouts(ctx: Context, service: string | undefined, scope: Scope) {
  const list = service
    ? await ctx.api.serviceRollouts((await findService(ctx.api, service, scope)).id)
    : await ctx.api.rollouts()
  return render(ctx.output, list, list.items, ROWS)
}

export type StartOptions = {
  canary?: string
  primary?: string
  steps?: string
  interval?: string
  manual?: boolean
  comment?: string
  force?: boolean
}

/** `--steps 10,25,50 --interval 60`: the plan as the API takes it (it names what it refuses). */
export async function startRollout(ctx: Context, ref: string, scope: Scope, o: StartOptions) {
  if (!o.canary || !o.primary || !o.steps)
    throw new UsageError('rollout start needs --canary, --primary and --steps (e.g. 10,25,50)')
  const steps = o.steps.split(',').map(Number)
  const interval = Number(o.interval ?? 60)
  const service = await findService(ctx.api, ref, scope)
  const rollout = await ctx.api.startRollout(service.id, {
    canary: o.canary,
    primary: o.primary,
    steps,
    intervalSeconds: interval,
    mode: o.manual ? 'manual' : 'auto',
    analysis: { failureLimit: 2 }, // the server's default
    ...(o.comment && { comment: o.comment }),
    ...(o.force && { force: true }),
  })
  return shown(ctx, rollout)
}

/** promote (`--full` for 100%), pause, resume or abort a rollout, by its id. */
export async function actOnRollout(
  ctx: Context,
  action: RolloutActionName,
  id: string | undefined,
  options: { full?: boolean; comment?: string },
) {
  if (!id) throw new UsageError(`rollout ${action} needs a ROLLOUT_ID`)
  const found = (await ctx.api.rollouts({ limit: 500 })).items.find((r) => r.id === id)
  if (!found) throw new UsageError(`no rollout has id "${id}" (meshpane get rollouts lists them)`)
  const body =
    action === 'promote'
      ? { ...(options.full && { full: true }) }
      : { ...(options.comment && { comment: options.comment }) }
  return shown(ctx, await ctx.api.rolloutAction(found.serviceId, id, action, body))
}

const shown = (ctx: Context, rollout: Rollout) =>
  ctx.output === 'json'
    ? JSON.stringify(rollout, null, 2)
    : `rollout ${rollout.id}: ${rollout.state}, step ${rollout.step + 1}/${rollout.steps.length}, ${rollout.timeline.at(-1)?.message ?? ''}`
