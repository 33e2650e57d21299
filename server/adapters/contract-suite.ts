import 'server-only'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseServiceId, type ServiceKey } from '@/lib/ids'
import type { Mesh, MeshService, Owner, SplitMatch, SplitUpdate, TrafficSplit } from '@/lib/schemas'
import {
  ConflictError,
  OwnedError,
  PreconditionFailedError,
  UnprocessableError,
  ValidationError,
} from '@/server/errors'
import { Inventory } from '@/server/inventory/inventory'
import { testSplits } from '@/server/fixtures/splits'
import type { AnySource } from '@/server/sources/source'
import { describeCandidates } from './candidate-suite'
import type { MeshAdapter } from './contract'
import { asRead, diffPaths, recorded } from './suite-helpers'

/** What an adapter's contract test needs from the lab: one source and one service it may rewrite. */
export type ContractWorld<S extends AnySource = AnySource> = {
  source: S
  /** A service with at least two backends; the suite changes its split and restores it. */
  service: { namespace: string; name: string; backends: string[] }
  /** The native routing object the adapter owns, exactly as stored. */
  readNative(): Promise<unknown>
  /** Changes the native object outside the weights (e.g. an annotation) so its revision moves on. */
  touch(): Promise<void>
  /** Marks the object as managed by a tool that reverts changes (Argo CD, CloudFormation), and back. */
  own(): Promise<void>
  disown(): Promise<void>
  /** Paths (dot-joined, e.g. `spec.http.1.route.0.weight`) that a split write may change. */
  isWeightPath(path: string): boolean
  /** Paths every write changes (resourceVersion, generation, version counters). */
  isBookkeepingPath(path: string): boolean
  /** A routing object of the same mesh that does not fit its kind's schema, and a field at fault. */
  malformed: { object: { kind: string; namespace?: string; name: string }; field: string }
  /** For a fixture with `candidate`: that service's routing object as stored, and where a backend joins it. */
  candidateWorld?: {
    readNative(): Promise<unknown>
    isRoutePath(path: string): boolean
    /** Where that service is, when not in `source`. */
    source?: S
  }
  stop(): Promise<void>
}

export type ContractFixture<S extends AnySource = AnySource> = {
  name: string
  setup(): Promise<ContractWorld<S>>
  /**
   * A service whose route does not name every version: `route` its backends, `name` a candidate
   * the suite gives weight and takes out again (the world then has `candidateWorld`).
   */
  candidate?: { namespace: string; service: string; route: string[]; name: string }
}

/**
 * Registers the shared adapter contract tests; every adapter's test file calls this once. Splits
 * are read and written through the write pipeline, as the API does, so its rules (precondition,
 * no-op, owners, serialised writes, one record per attempt) are checked against every adapter.
 */
export function describeAdapterContract<S extends AnySource, N, C>(
  adapter: MeshAdapter<S, N, C>,
  fixture: ContractFixture<S>,
): void {
  describe(`${adapter.kind} adapter contract (${fixture.name})`, () => {
    let world: ContractWorld<S>
    let mesh: Mesh
    let key: ServiceKey
    let id: string
    let splits: Awaited<ReturnType<typeof testSplits>>
    const signal = () => AbortSignal.timeout(10_000)
    const read = () => splits.read(id)
    const listed = async () => (await adapter.services(mesh, world.source, signal())).items
    const ours = (services: MeshService[]) =>
      services.find((s) => s.namespace === world.service.namespace && s.name === world.service.name)
    /** Who manages the object in the lab's scenario, if anyone (the owner rule has its own test). */
    let scenarioOwner: Owner | undefined
    const write = (split: SplitUpdate) =>
      splits.apply(id, scenarioOwner ? { ...split, force: true } : split)
    /** The one record the last call left, checked to be the only one. */
    const lastRecord = async (before: number) => {
      const records = await splits.records()
      expect(records.length).toBe(before + 1)
      return records.at(-1)!
    }

    beforeAll(async () => {
      world = await fixture.setup()
      const meshes = await adapter.discover(world.source, signal())
      mesh = meshes.find((m) => m.kind === adapter.kind)!
      id = (mesh && ours(await listed()))?.id ?? ''
      key = parseServiceId(id)!
      splits = await testSplits(new Inventory([world.source], 10_000, 2000, [adapter]))
      scenarioOwner = (await read()).owner
    })
    afterAll(async () => {
      await splits?.audit.close()
      await world?.stop()
    })

    it('detects the mesh in the source', () => {
      expect(mesh).toMatchObject({ kind: adapter.kind, source: world.source.ref })
      expect(mesh.version).not.toBe('')
    })

    it('lists the service with its backends, a split summing to 100 and one active routing object', async () => {
      const service = ours(await listed())!
      expect(service.meshId).toBe(mesh.id)
      expect(parseServiceId(service.id)).toMatchObject({
        namespace: world.service.namespace,
        name: world.service.name,
      })
      expect(service.backends.map((b) => b.name).sort()).toEqual([...world.service.backends].sort())
      expect(service.backends.reduce((s, b) => s + b.weight, 0)).toBe(100)
      for (const b of service.backends) expect(b.readyReplicas).toBeLessThanOrEqual(b.replicas)
      expect(service.routing.filter((r) => r.active)).toHaveLength(1)
      expect(service.revision).not.toBe('')
    })

    it('skips an object that does not fit its schema, naming it and the field, and still lists and writes the rest', async () => {
      const { items, problems } = await adapter.services(mesh, world.source, signal())
      const problem = problems.find(
        (p) =>
          p.object.kind === world.malformed.object.kind &&
          p.object.name === world.malformed.object.name &&
          p.object.namespace === world.malformed.object.namespace,
      )
      expect(problem, JSON.stringify(problems)).toBeDefined()
      expect(problem!.message).toContain(world.malformed.field)
      expect(ours(items)?.id).toBe(id)
      const split = await read()
      const written = await write(shifted(split))
      expect(written).toMatchObject({ outcome: 'applied', backends: shifted(split).backends })
      await write({ backends: split.backends, revision: written.revision })
    })

    it('reads the split the service list shows', async () => {
      const service = ours(await listed())
      const split = await read()
      expect(split.revision).toBe(service!.revision)
      expect(split.backends).toEqual(
        service!.backends.map(({ name, weight }) => ({ name, weight })),
      )
      const movable = (service!.candidates ?? []).filter((c) => !c.reason).map((c) => c.name)
      expect(split.candidates?.map((c) => c.name) ?? []).toEqual(movable)
    })

    it('writes nothing when the split is unchanged, and records a no-op', async () => {
      const before = await world.readNative()
      const split = await read()
      const count = (await splits.records()).length
      expect(await write(split)).toEqual({ ...split, outcome: 'no-op' })
      expect(await world.readNative()).toEqual(before)
      expect(await lastRecord(count)).toMatchObject({
        outcome: 'no-op',
        before: recorded(split),
        after: recorded(split),
      })
    })

    it('changes only the weights, reads back what it wrote, and records it', async () => {
      const before = await world.readNative()
      const original = await read()
      const desired = shifted(original)
      const preview = await splits.preview(id, desired)
      expect(preview.before).not.toEqual(preview.after)
      const count = (await splits.records()).length
      const written = await write(desired)
      expect(written).toMatchObject({ outcome: 'applied', backends: desired.backends })
      expect(written.revision).not.toBe(original.revision)
      const changed = diffPaths(before, await world.readNative())
      expect(changed.filter((p) => !world.isWeightPath(p) && !world.isBookkeepingPath(p))).toEqual(
        [],
      )
      expect(changed.some((p) => world.isWeightPath(p))).toBe(true)
      expect(await read()).toEqual(asRead(written))
      expect(await lastRecord(count)).toMatchObject({
        outcome: 'applied',
        source: world.source.ref.name,
        meshKind: adapter.kind,
        namespace: key.namespace,
        service: key.name,
        object: preview.object,
        before: recorded(original),
        requested: desired,
        after: { backends: desired.backends, revision: written.revision },
      })
      await write({ backends: original.backends, revision: written.revision })
    })

    it('refuses a stale revision with the current split, writing nothing', async () => {
      const stale = await read()
      await world.touch()
      const afterTouch = await world.readNative()
      const current = await read()
      const count = (await splits.records()).length
      const error = await write(shifted(stale)).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ConflictError)
      expect((error as ConflictError).current).toEqual(current)
      expect(await world.readNative()).toEqual(afterTouch)
      expect(await lastRecord(count)).toMatchObject({
        outcome: 'conflict',
        after: recorded(current),
      })
    })

    it('writes under the revision it read: an object changed after the read is not overwritten', async () => {
      const native = await adapter.read(key, world.source, signal())
      const { change } = adapter.plan(native, shifted(native.split))
      await world.touch()
      const afterTouch = await world.readNative()
      const error = await adapter
        .write(native, change, world.source, signal())
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(PreconditionFailedError)
      expect(await world.readNative()).toEqual(afterTouch)
    })

    it('lets exactly one of two concurrent writes of the same revision through', async () => {
      const split = await read()
      const count = (await splits.records()).length
      const results = await Promise.allSettled([write(shifted(split)), write(shifted(split, 2))])
      const applied = results.filter((r) => r.status === 'fulfilled')
      const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []))
      expect(applied).toHaveLength(1)
      expect(refused).toHaveLength(1)
      expect(refused[0]).toBeInstanceOf(ConflictError)
      expect(
        (await splits.records())
          .slice(count)
          .map((r) => r.outcome)
          .sort(),
      ).toEqual(['applied', 'conflict'])
      const now = await read()
      await write({ backends: split.backends, revision: now.revision })
    })

    it('refuses to write an object something else manages unless forced', async () => {
      await world.own()
      try {
        const split = await read()
        expect(split.owner?.manager).toMatch(/\w/)
        const before = await world.readNative()
        const count = (await splits.records()).length
        const error = await splits.apply(id, shifted(split)).catch((e: unknown) => e)
        expect(error).toBeInstanceOf(OwnedError)
        expect((error as OwnedError).owner).toEqual(split.owner)
        expect(await world.readNative()).toEqual(before)
        expect(await lastRecord(count)).toMatchObject({ outcome: 'refused', reason: 'owned' })
        const forced = await splits.apply(id, { ...shifted(split), force: true })
        expect(forced).toMatchObject({ outcome: 'applied', owner: split.owner })
        expect(await lastRecord(count + 1)).toMatchObject({ outcome: 'applied', forced: true })
        await write({ backends: split.backends, revision: forced.revision, force: true })
      } finally {
        await world.disown()
      }
      expect((await read()).owner).toEqual(scenarioOwner)
    })

    it('rejects an unknown backend naming the field, writing nothing', async () => {
      const before = await world.readNative()
      const split = await read()
      const backends = split.backends.map((b, i) =>
        i === 1 ? { ...b, name: 'no-such-backend' } : b,
      )
      const count = (await splits.records()).length
      const error = await write({ ...split, backends }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ValidationError)
      expect((error as ValidationError).fields.map((f) => f.field)).toContain('backends.1.name')
      expect(await world.readNative()).toEqual(before)
      expect(await lastRecord(count)).toMatchObject({ outcome: 'refused', reason: 'invalid' })
    })

    it('round-trips header and cookie matches, or refuses them as unprocessable saying why', async () => {
      const service = ours(await listed())!
      const before = await world.readNative()
      const split = await read()
      const [first, second] = split.backends.map((b) => b.name) as [string, string]
      const added: SplitMatch[] = [
        {
          backend: second,
          headers: [{ name: 'x-meshpane-contract', value: 'canary', type: 'exact' }],
          cookie: { name: 'meshpane.group', value: 'internal[1]' },
        },
        {
          backend: first,
          headers: [{ name: 'x-meshpane-tier', value: '^(gold|silver)$', type: 'regex' }],
        },
      ]
      const matches = [...(split.matches ?? []), ...added]
      if (!service.capabilities?.matches) {
        expect(service.capabilities?.reason).toMatch(/\w/)
        const error = await write({ ...split, matches }).catch((e: unknown) => e)
        expect(error).toBeInstanceOf(UnprocessableError)
        expect((error as Error).message).toContain(service.capabilities!.reason!)
        expect(await world.readNative()).toEqual(before)
        return
      }
      expect(split.matches).toBeDefined()
      const written = await write({ ...split, matches })
      expect(written.matches).toEqual(matches)
      expect(written.backends).toEqual(split.backends)
      expect(await read()).toEqual(asRead(written))
      // A weights-only write (matches omitted) keeps them; writing the originals back restores the split.
      const reweighted = await write(shifted(written))
      expect(reweighted.matches).toEqual(matches)
      const restored = await write({ ...split, revision: reweighted.revision })
      expect({ ...restored, revision: '' }).toEqual({ ...split, revision: '', outcome: 'applied' })
    })
  })
  if (fixture.candidate) describeCandidates(adapter, fixture, fixture.candidate)
}

/** A different valid split: 10 points (or `points`) moved from the largest backend to the next one. */
function shifted(split: TrafficSplit, points = 10): SplitUpdate {
  const backends = split.backends.map((b) => ({ ...b }))
  const from = backends.reduce((best, b, i) => (b.weight > backends[best]!.weight ? i : best), 0)
  const to = (from + 1) % backends.length
  const moved = Math.min(points, backends[from]!.weight)
  backends[from]!.weight -= moved
  backends[to]!.weight += moved
  return { backends, revision: split.revision }
}
