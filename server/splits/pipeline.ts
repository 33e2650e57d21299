import 'server-only'
import { randomUUID } from 'node:crypto'
import type {
  ChangeRecord,
  SplitPreview,
  SplitUpdate,
  SplitWriteResult,
  TrafficSplit,
} from '@/lib/schemas'
import type { NativeRead } from '@/server/adapters/contract'
import {
  ConflictError,
  OwnedError,
  PreconditionFailedError,
  UnprocessableError,
} from '@/server/errors'
import { actorOf, type Identity } from '@/server/identity'
import type { Inventory, ResolvedService } from '@/server/inventory'
import { checkBackendNames, checkMatchBackends } from './checks'
import type { WriteContext } from './context'
import { outcomeOf } from './outcome'
import type { ChangeRecorder } from '@/server/changes/recorder'
import { KeyedSerial } from './serial'

/**
 * "May they": a check run before anything is read or written for a write (identity, view-only
 * mode); it throws the refusal (e.g. `SourceUnavailableError('forbidden')`) to stop the write.
 */
export type WriteGuard = (context: WriteContext, target: ResolvedService) => Promise<void>

/**
 * The one path every split change takes, from a slider, a script or (later) a rollout step:
 *
 *   resolve the service → precedence between meshes → guards ("may they") → read the native
 *   object → backend and match names → adapter plan (and preview) → revision precondition →
 *   no-op → owner policy → adapter write → on a refused precondition, re-read: conflict or refusal
 *
 * and, whatever the outcome, one record of the attempt (`ChangeRecorder`) before the answer.
 * Writes to one service from this process are serialised, so concurrent requests see one
 * success and conflicts, even where the native API has no precondition of its own (App Mesh).
 * The body arrives parsed (`SplitUpdate`, at the HTTP boundary); adapters are codecs only.
 */
export class SplitPipeline {
  private readonly serial = new KeyedSerial()

  constructor(
    private readonly inventory: Inventory,
    private readonly recorder: ChangeRecorder,
    private readonly guards: readonly WriteGuard[] = [],
  ) {}

  /** The split as `identity` may read it (a person's reads impersonate them). */
  async read(identity: Identity, id: string): Promise<TrafficSplit> {
    const inventory = this.inventory.as(identity)
    const target = inventory.resolveService(id)
    await inventory.refuseUnclaimed(target)
    return withOwner(await readNative(inventory, target))
  }

  async preview(identity: Identity, id: string, desired: SplitUpdate): Promise<SplitPreview> {
    const inventory = this.inventory.as(identity)
    const target = inventory.resolveService(id)
    await inventory.refuseUnclaimed(target)
    const read = await readNative(inventory, target)
    checkNames(desired, read.split)
    return target.adapter.plan(read, desired).preview
  }

  /** Every request to a source is made as `context.identity`: the cluster decides what they may do. */
  async apply(context: WriteContext, id: string, desired: SplitUpdate): Promise<SplitWriteResult> {
    const inventory = this.inventory.as(context.identity)
    const record = startRecord(context, id, desired)
    let target: ResolvedService | undefined
    let unresolved: unknown
    try {
      target = inventory.resolveService(id)
      Object.assign(record, placeOf(target))
    } catch (err) {
      unresolved = err
    }
    // Durable before anything is sent: a write that cannot be recorded is not made (503).
    await this.recorder.begin(record)
    try {
      if (!target) throw unresolved
      const found = target
      const result = await this.serial.run(id, () =>
        this.write(inventory, context, found, desired, record),
      )
      Object.assign(record, {
        outcome: result.outcome,
        after: recorded(result),
        ...(result.warnings && { warnings: result.warnings }),
      })
      return result
    } catch (err) {
      Object.assign(record, outcomeOf(err), { message: (err as Error).message })
      if (err instanceof ConflictError) record.after = recorded(err.current)
      throw err
    } finally {
      await this.recorder.finish(record)
    }
  }

  private async write(
    inventory: Inventory,
    context: WriteContext,
    target: ResolvedService,
    desired: SplitUpdate,
    record: ChangeRecord,
  ): Promise<SplitWriteResult> {
    const { source, adapter } = target
    await inventory.refuseUnclaimed(target)
    for (const guard of this.guards) await guard(context, target)
    const read = await readNative(inventory, target)
    Object.assign(record, { object: read.object, before: recorded(read.split) })
    checkNames(desired, read.split)
    const plan = adapter.plan(read, desired)
    if (desired.revision !== read.split.revision) throw new ConflictError(withOwner(read))
    if (!plan.changes) return { ...withOwner(read), outcome: 'no-op' }
    if (read.owner && !desired.force) throw new OwnedError(read.owner)
    let revision: string | undefined
    try {
      const written = await inventory.within(source, (signal) =>
        adapter.write(read, plan.change, source, signal),
      )
      revision = written.split.revision
      return {
        ...written.split,
        ...(read.owner && { owner: read.owner }),
        outcome: 'applied',
        ...(written.warnings && { warnings: written.warnings }),
      }
    } catch (err) {
      if (!(err instanceof PreconditionFailedError)) throw err
      const fresh = await readNative(inventory, target)
      if (fresh.split.revision !== read.split.revision) throw new ConflictError(withOwner(fresh))
      throw new UnprocessableError(err.message)
    } finally {
      await inventory.written(target, read.object, revision)
    }
  }
}

async function readNative(
  inventory: Inventory,
  target: ResolvedService,
): Promise<NativeRead<unknown>> {
  const { key, source, adapter } = target
  try {
    return await inventory.within(source, (signal) => adapter.read(key, source, signal))
  } catch (err) {
    throw await inventory.refusalOf(target, err)
  }
}

function checkNames(desired: SplitUpdate, current: TrafficSplit): void {
  checkBackendNames(desired, current)
  checkMatchBackends(desired, current)
}

const withOwner = (read: NativeRead<unknown>): TrafficSplit =>
  read.owner ? { ...read.split, owner: read.owner } : read.split

/** A split as the record keeps it (no owner: the record says who wrote, not who owns). */
const recorded = ({ backends, matches, revision }: TrafficSplit) => ({
  backends,
  ...(matches && { matches }),
  revision,
})

const placeOf = ({ key, source }: ResolvedService) => ({
  identity: source.identity,
  source: key.mesh.source.name,
  meshKind: key.mesh.kind,
  namespace: key.namespace,
  service: key.name,
})

function startRecord(context: WriteContext, id: string, desired: SplitUpdate): ChangeRecord {
  return {
    id: randomUUID(),
    time: new Date().toISOString(),
    actor: actorOf(context.identity),
    requestId: context.requestId,
    client: context.client,
    serviceId: id,
    source: '',
    meshKind: '',
    namespace: '',
    service: '',
    requested: recorded(desired),
    outcome: 'pending',
    ...(desired.comment && { comment: desired.comment }),
    ...(desired.force && { forced: true }),
    ...(context.reverts && { reverts: context.reverts }),
    ...(context.rollout && { rollout: context.rollout }),
  }
}
