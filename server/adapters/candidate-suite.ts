import 'server-only'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Mesh, TrafficSplit } from '@/lib/schemas'
import { testSplits } from '@/server/fixtures/splits'
import { Inventory } from '@/server/inventory/inventory'
import { ConflictError, ValidationError } from '@/server/errors'
import type { AnySource } from '@/server/sources/source'
import type { MeshAdapter } from './contract'
import type { ContractFixture, ContractWorld } from './contract-suite'
import { asRead, diffPaths } from './suite-helpers'

/**
 * A version the route does not name is listed apart with weight 0, joins the route with one
 * revision-guarded write when given weight, and leaves it again when taken out at 0.
 */
export function describeCandidates<S extends AnySource, N, C>(
  adapter: MeshAdapter<S, N, C>,
  fixture: ContractFixture<S>,
  candidate: NonNullable<ContractFixture['candidate']>,
): void {
  describe(`${adapter.kind} candidate backends (${fixture.name}, ${candidate.service})`, () => {
    let world: ContractWorld<S>
    let native: NonNullable<ContractWorld<S>['candidateWorld']>
    let source: S
    let mesh: Mesh
    let id: string
    let splits: Awaited<ReturnType<typeof testSplits>>
    const signal = () => AbortSignal.timeout(10_000)
    const listed = async () =>
      (await adapter.services(mesh, source, signal())).items.find(
        (s) => s.namespace === candidate.namespace && s.name === candidate.service,
      )!
    const routeOf = (split: TrafficSplit) => split.backends.map((b) => b.name)
    /** Objects a GitOps tool or controller manages in the lab's scenario are written with `force`. */
    let force: { force?: true } = {}
    const changedPaths = (a: unknown, b: unknown) =>
      diffPaths(a, b).filter((p) => !world.isBookkeepingPath(p))

    beforeAll(async () => {
      world = await fixture.setup()
      native = world.candidateWorld!
      source = native.source ?? world.source
      mesh = (await adapter.discover(source, signal())).find((m) => m.kind === adapter.kind)!
      id = (await listed()).id
      splits = await testSplits(new Inventory([source], 10_000, 2000, [adapter]))
      if ((await splits.read(id)).owner) force = { force: true }
    })
    afterAll(async () => {
      await splits?.audit.close()
      await world?.stop()
    })

    it('lists the versions the route does not name apart, at weight 0, with readiness', async () => {
      const service = await listed()
      expect(service.backends.map((b) => b.name)).toEqual(candidate.route)
      const offered = service.candidates?.find((c) => c.name === candidate.name)
      expect(offered).toMatchObject({ name: candidate.name, weight: 0 })
      expect(offered!.reason).toBeUndefined()
      expect(offered!.readyReplicas).toBeLessThanOrEqual(offered!.replicas!)
      const split = await splits.read(id)
      expect(routeOf(split)).toEqual(candidate.route)
      expect(split.candidates).toContainEqual({ name: candidate.name, weight: 0 })
    })

    it('leaves a candidate at 0 out of the route: a no-op', async () => {
      const split = await splits.read(id)
      const before = await native.readNative()
      const written = await splits.apply(id, {
        backends: [...split.backends, { name: candidate.name, weight: 0 }],
        revision: split.revision,
        ...force,
      })
      expect(written.outcome).toBe('no-op')
      expect(await native.readNative()).toEqual(before)
    })

    it('gives a candidate 10% in one revision-guarded write to the owned route, previewed, recorded, and takes it out again at 0', async () => {
      const original = await splits.read(id)
      const before = await native.readNative()
      const backends = original.backends.map((b) => ({ ...b }))
      const top = backends.reduce((best, b) => (b.weight > best.weight ? b : best))
      top.weight -= 10
      const desired = {
        backends: [...backends, { name: candidate.name, weight: 10 }],
        revision: original.revision,
        ...force,
      }
      const preview = await splits.preview(id, desired)
      expect(preview.after).not.toEqual(preview.before)
      const count = (await splits.records()).length
      const written = await splits.apply(id, desired)
      expect(written).toMatchObject({ outcome: 'applied', backends: desired.backends })
      expect(written.candidates?.map((c) => c.name) ?? []).not.toContain(candidate.name)
      expect(await splits.read(id)).toEqual(asRead(written))
      const after = await native.readNative()
      const changed = changedPaths(before, after)
      expect(changed.length).toBeGreaterThan(0)
      expect(changed.filter((p) => !native.isRoutePath(p))).toEqual([])
      const records = (await splits.records()).slice(count)
      expect(records).toHaveLength(1)
      expect(records[0]).toMatchObject({
        outcome: 'applied',
        before: { backends: original.backends },
        after: { backends: desired.backends, revision: written.revision },
      })
      expect((await listed()).backends.map((b) => b.name)).toEqual([
        ...candidate.route,
        candidate.name,
      ])

      // A stale revision is refused with the split now, whatever it names.
      const stale = await splits.apply(id, desired).catch((e: unknown) => e)
      expect(stale).toBeInstanceOf(ConflictError)
      expect(await native.readNative()).toEqual(after)

      const restored = await splits.apply(id, {
        backends: original.backends,
        remove: [candidate.name],
        revision: written.revision,
        ...force,
      })
      expect(restored).toMatchObject({ outcome: 'applied', backends: original.backends })
      expect(restored.candidates).toContainEqual({ name: candidate.name, weight: 0 })
      // As it was, but for a weight a mesh may now spell out (Istio's lone destination at 100).
      const left = changedPaths(before, await native.readNative())
      expect(left.filter((p) => !native.isRoutePath(p) || !p.endsWith('weight'))).toEqual([])
      expect({ ...(await splits.read(id)), revision: '' }).toEqual({ ...original, revision: '' })
    })

    it('refuses to take out a backend that still has weight, or one the route does not name, writing nothing', async () => {
      const split = await splits.read(id)
      const before = await native.readNative()
      const error = await splits
        .apply(id, { backends: split.backends, remove: [candidate.name], revision: split.revision })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ValidationError)
      expect((error as ValidationError).fields.map((f) => f.field)).toEqual(['remove.0'])
      expect(await native.readNative()).toEqual(before)
    })
  })
}
