import 'server-only'
import { randomUUID } from 'node:crypto'
import {
  ACTIVE_ROLLOUT_STATES,
  type Actor,
  type Rollout,
  type RolloutPlan,
  type RolloutQuery,
} from '@/lib/schemas'
import { NotFoundError, RolloutStateError } from '@/server/errors'
import { actorOf, type Identity } from '@/server/identity/identity'
import type { Inventory } from '@/server/inventory'
import { KeyedSerial } from '@/server/splits/serial'
import {
  addEvent,
  completePending,
  drive,
  pause,
  resume,
  stepWrite,
  write,
  type Draft,
  type DriveDeps,
} from './drive'
import { requireWriteAccess } from './access'
import { rolloutIdentity } from './context'
import type { RolloutLeases } from './lease'
import { checkPlan, describeWeights, drivenSteps, weightsAt } from './plan'
import { ActiveRolloutExistsError, type RolloutStore } from './store'
import type { Notify } from './webhooks'

export type EngineDeps = DriveDeps & {
  inventory: Inventory
  store: RolloutStore
  leases: RolloutLeases
  notify: Notify
  tickMs: number
  log?: (line: string) => void
}

const isActive = (r: Rollout) => ACTIVE_ROLLOUT_STATES.includes(r.state)

/**
 * Drives every active rollout whose lease this replica holds, one pass per tick, and carries out
 * operators' actions. All state is in the database: each change is a compare-and-set of the row,
 * made before (a pending write) and after every write, so a restart or another replica picks up
 * exactly where it stood. Within the process, passes and actions on one rollout run one at a time.
 */
export class RolloutEngine {
  private readonly serial = new KeyedSerial()
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private looping = false
  private stopped = false

  constructor(private readonly deps: EngineDeps) {}

  start(): void {
    if (this.looping || this.stopped) return
    this.looping = true
    const loop = () => {
      if (this.stopped) return
      this.running = this.tick()
        .catch((err: Error) => this.log(`rollouts: a pass failed: ${err.message}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(loop, this.deps.tickMs)
        })
    }
    loop()
  }

  /** Stops driving and gives up this replica's leases, so another replica takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.running
    const ids = await this.deps.store.activeIds().catch(() => [])
    await Promise.all(ids.map((id) => this.deps.leases.release(id).catch(() => undefined)))
  }

  /** One pass: every active rollout this replica holds (or can take) the lease of. */
  async tick(): Promise<void> {
    const ids = await this.deps.store.activeIds()
    await Promise.all(
      ids.map(async (id) => {
        if (this.stopped || !(await this.deps.leases.acquire(id))) return
        await this.change(id, (draft) => drive(this.deps, draft)).catch((err: Error) =>
          this.log(`rollouts: ${id}: ${err.message}`),
        )
      }),
    )
  }

  /** Started by `identity`, whom every step then acts as (see rolloutIdentity). */
  async create(identity: Identity, serviceId: string, plan: RolloutPlan): Promise<Rollout> {
    await requireWriteAccess(this.deps.inventory, identity, serviceId)
    const actor = actorOf(identity)
    const split = await this.deps.splits.read(identity, serviceId)
    checkPlan(plan, split)
    const { key } = this.deps.inventory.resolveService(serviceId)
    const time = new Date().toISOString()
    const steps = drivenSteps(plan)
    const rollout: Rollout = {
      id: randomUUID(),
      serviceId,
      service: {
        name: key.name,
        namespace: key.namespace,
        source: key.mesh.source.name,
        meshKind: key.mesh.kind,
      },
      plan,
      steps,
      state: plan.mode === 'auto' ? 'progressing' : 'waiting',
      step: -1,
      failures: 0,
      revision: split.revision,
      startedBy: actor,
      createdAt: time,
      updatedAt: time,
      timeline: [],
    }
    addEvent(rollout, {
      type: 'started',
      weights: split.backends,
      by: actor.user,
      message: `${plan.canary} over ${plan.primary} in steps of ${steps.join(', ')}%, ${plan.mode}, checked every ${plan.intervalSeconds} s (found ${describeWeights(split.backends)})`,
    })
    try {
      await this.deps.store.insert(rollout)
    } catch (err) {
      if (!(err instanceof ActiveRolloutExistsError)) throw err
      const [active] = (await this.list({ service: serviceId, limit: 10 })).filter(isActive)
      throw new RolloutStateError(`the service already has an active rollout (${active?.id})`, {
        rolloutId: active?.id ?? '',
        state: active?.state ?? 'progressing',
      })
    }
    this.deps.notify(rollout, rollout.timeline[0]!)
    // The first step is written now, by the replica that was asked, which takes the lease.
    if (await this.deps.leases.acquire(rollout.id))
      return this.change(rollout.id, (draft) => drive(this.deps, draft))
    return rollout
  }

  async get(id: string): Promise<Rollout> {
    const found = await this.deps.store.get(id)
    if (!found) throw new NotFoundError(`no rollout has id "${id}"`)
    return found.rollout
  }

  list(q: RolloutQuery): Promise<Rollout[]> {
    return this.deps.store.list(q)
  }

  /** The next step (or 100% with `full`), now, whatever the verdict: the operator decides. */
  promote(actor: Actor, id: string, full = false): Promise<Rollout> {
    return this.change(id, async (draft) => {
      const r = draft.rollout
      requireState(r, ['progressing', 'waiting'], 'promote')
      const split = await this.deps.splits.read(rolloutIdentity(r), r.serviceId)
      const next = full ? r.steps.length - 1 : r.step + 1
      await write(this.deps, draft, {
        ...stepWrite(r, split, next, `promoted by ${actor.user}`),
        by: actor.user,
      })
    })
  }

  pause(actor: Actor, id: string, comment?: string): Promise<Rollout> {
    return this.change(id, async (draft) => {
      requireState(draft.rollout, ['progressing', 'waiting'], 'pause')
      pause(draft.rollout, {
        reason: 'operator',
        message: `paused by ${actor.user}${comment ? `: ${comment}` : ''}`,
      })
      await draft.save()
    })
  }

  /**
   * Back to driving. A split changed meanwhile becomes the rollout's own (the operator has seen the
   * difference and chose to go on): its revision is the precondition of the next step.
   */
  resume(actor: Actor, id: string, comment?: string): Promise<Rollout> {
    return this.change(id, async (draft) => {
      const r = draft.rollout
      requireState(r, ['paused'], 'resume', true)
      if (r.pending) return completePending(this.deps, draft)
      const split = await this.deps.splits.read(rolloutIdentity(r), r.serviceId)
      const adopted = split.revision !== r.revision
      r.revision = split.revision
      resume(
        r,
        `resumed by ${actor.user}${adopted ? ` over the split as it is now (${describeWeights(split.backends)})` : ''}${comment ? `: ${comment}` : ''}`,
        actor.user,
      )
      await draft.save()
    })
  }

  /** Back to the primary at 100%. Over a split changed outside the rollout only once paused for it. */
  abort(actor: Actor, id: string, comment?: string): Promise<Rollout> {
    return this.change(id, async (draft) => {
      const r = draft.rollout
      requireState(r, ['progressing', 'waiting', 'paused'], 'abort')
      const split = await this.deps.splits.read(rolloutIdentity(r), r.serviceId)
      if (r.pause?.reason === 'changed') r.revision = split.revision
      if (r.state === 'paused') r.state = r.pause!.from
      await write(this.deps, draft, {
        kind: 'aborted',
        step: -1,
        weights: weightsAt(split, r.plan, 0),
        by: actor.user,
        message: `aborted by ${actor.user}${comment ? `: ${comment}` : ''}`,
      })
    })
  }

  /**
   * Runs `work` on the rollout as stored, saving with compare-and-set and telling each new event
   * once saved. A save that finds the row moved (another replica acted) stops the work.
   */
  private change(id: string, work: (draft: Draft) => Promise<void>): Promise<Rollout> {
    return this.serial.run(id, async () => {
      const found = await this.deps.store.get(id)
      if (!found) throw new NotFoundError(`no rollout has id "${id}"`)
      let version = found.version
      let told = found.rollout.timeline.length
      const draft: Draft = {
        rollout: structuredClone(found.rollout),
        save: async () => {
          const r = draft.rollout
          r.updatedAt = new Date().toISOString()
          if (!(await this.deps.store.save(r, version)))
            throw new RolloutStateError(
              'the rollout changed meanwhile (another replica acted); try again',
              {
                rolloutId: id,
                state: r.state,
              },
            )
          version += 1
          for (const event of r.timeline.slice(told)) this.deps.notify(r, event)
          told = r.timeline.length
          if (!isActive(r)) await this.deps.leases.release(id)
        },
      }
      await work(draft)
      return draft.rollout
    })
  }

  private log(line: string): void {
    ;(this.deps.log ?? console.error)(line)
  }
}

function requireState(
  r: Rollout,
  allowed: Rollout['state'][],
  action: string,
  pendingOk = false,
): void {
  if (r.pending && !pendingOk)
    throw new RolloutStateError(`a write of this rollout is still pending: ${r.pending.message}`, {
      rolloutId: r.id,
      state: r.state,
    })
  if (!allowed.includes(r.state))
    throw new RolloutStateError(`cannot ${action} a rollout that is ${r.state}`, {
      rolloutId: r.id,
      state: r.state,
    })
}
