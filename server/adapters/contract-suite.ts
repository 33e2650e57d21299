import 'server-only'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseServiceId, type ServiceKey } from '@/lib/ids'
import type { Mesh, SplitMatch, TrafficSplit } from '@/lib/schemas'
import { ConflictError, NotFoundError, UnprocessableError, ValidationError } from '@/server/errors'
import type { AnySource } from '@/server/sources/source'
import type { MeshAdapter } from './contract'

/** What an adapter's contract test needs from the lab: one source and one service it may rewrite. */
export type ContractWorld<S extends AnySource = AnySource> = {
  source: S
  /** A service with at least two backends; the suite changes its split and restores it. */
  service: { namespace: string; name: string; backends: string[] }
  /** The native routing object the adapter owns, exactly as stored. */
  readNative(): Promise<unknown>
  /** Changes the native object outside the weights (e.g. an annotation) so its revision moves on. */
  touch(): Promise<void>
  /** Paths (dot-joined, e.g. `spec.http.1.route.0.weight`) that a split write may change. */
  isWeightPath(path: string): boolean
  /** Paths every write changes (resourceVersion, generation, version counters). */
  isBookkeepingPath(path: string): boolean
  stop(): Promise<void>
}

export type ContractFixture<S extends AnySource = AnySource> = {
  name: string
  setup(): Promise<ContractWorld<S>>
}

/** Registers the shared adapter contract tests; every adapter's test file calls this once. */
export function describeAdapterContract<S extends AnySource>(
  adapter: MeshAdapter<S>,
  fixture: ContractFixture<S>,
): void {
  describe(`${adapter.kind} adapter contract (${fixture.name})`, () => {
    let world: ContractWorld<S>
    let mesh: Mesh
    let key: ServiceKey
    const signal = () => AbortSignal.timeout(10_000)
    const read = () => adapter.readSplit(key, world.source, signal())
    const write = async (split: unknown) =>
      adapter.applySplit(
        await adapter.planSplit(key, world.source, split, signal()),
        world.source,
        signal(),
      )

    beforeAll(async () => {
      world = await fixture.setup()
      const meshes = await adapter.discover(world.source, signal())
      mesh = meshes.find((m) => m.kind === adapter.kind)!
      const services = mesh ? await adapter.services(mesh, world.source, signal()) : []
      const found = services.find(
        (s) => s.namespace === world.service.namespace && s.name === world.service.name,
      )
      key = parseServiceId(found?.id ?? '')!
    })
    afterAll(() => world?.stop())

    it('detects the mesh in the source', () => {
      expect(mesh).toMatchObject({ kind: adapter.kind, source: world.source.ref })
      expect(mesh.version).not.toBe('')
    })

    it('lists the service with its backends, a split summing to 100 and one active routing object', async () => {
      const services = await adapter.services(mesh, world.source, signal())
      const service = services.find(
        (s) => s.namespace === world.service.namespace && s.name === world.service.name,
      )!
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

    it('reads the split the service list shows', async () => {
      const service = (await adapter.services(mesh, world.source, signal())).find(
        (s) => s.name === world.service.name,
      )
      const split = await read()
      expect(split.revision).toBe(service!.revision)
      expect(split.backends).toEqual(
        service!.backends.map(({ name, weight }) => ({ name, weight })),
      )
    })

    it('writes nothing when the split is unchanged', async () => {
      const before = await world.readNative()
      const split = await read()
      const plan = await adapter.planSplit(key, world.source, split, signal())
      expect(plan.changes).toBe(false)
      expect(await adapter.applySplit(plan, world.source, signal())).toEqual(split)
      expect(await world.readNative()).toEqual(before)
    })

    it('changes only the weights, and reads back what it wrote', async () => {
      const before = await world.readNative()
      const original = await read()
      const desired = shifted(original)
      const plan = await adapter.planSplit(key, world.source, desired, signal())
      expect(plan.preview.before).not.toEqual(plan.preview.after)
      const written = await adapter.applySplit(plan, world.source, signal())
      expect(written.backends).toEqual(desired.backends)
      expect(written.revision).not.toBe(original.revision)
      const changed = diffPaths(before, await world.readNative())
      expect(changed.filter((p) => !world.isWeightPath(p) && !world.isBookkeepingPath(p))).toEqual(
        [],
      )
      expect(changed.some((p) => world.isWeightPath(p))).toBe(true)
      expect(await read()).toEqual(written)
      await write({ backends: original.backends, revision: written.revision })
    })

    it('refuses a stale revision with the current split, writing nothing', async () => {
      const stale = await read()
      await world.touch()
      const afterTouch = await world.readNative()
      const current = await read()
      const error = await write(shifted(stale)).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ConflictError)
      expect((error as ConflictError).current).toEqual(current)
      expect(await world.readNative()).toEqual(afterTouch)
    })

    it('refuses a write whose object changed between plan and apply, writing nothing', async () => {
      const plan = await adapter.planSplit(key, world.source, shifted(await read()), signal())
      await world.touch()
      const afterTouch = await world.readNative()
      const error = await adapter.applySplit(plan, world.source, signal()).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ConflictError)
      expect((error as ConflictError).current).toEqual(await read())
      expect(await world.readNative()).toEqual(afterTouch)
    })

    it('rejects an unknown backend naming the field, writing nothing', async () => {
      const before = await world.readNative()
      const split = await read()
      const backends = split.backends.map((b, i) =>
        i === 1 ? { ...b, name: 'no-such-backend' } : b,
      )
      const error = await write({ ...split, backends }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ValidationError)
      expect((error as ValidationError).fields.map((f) => f.field)).toContain('backends.1.name')
      expect(await world.readNative()).toEqual(before)
    })

    it('round-trips header and cookie matches, or refuses them as unprocessable saying why', async () => {
      const service = (await adapter.services(mesh, world.source, signal())).find(
        (s) => s.namespace === world.service.namespace && s.name === world.service.name,
      )!
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
      expect(await read()).toEqual(written)
      // A weights-only write (matches omitted) keeps them; writing the originals back restores the split.
      const reweighted = await write(shifted(written))
      expect(reweighted.matches).toEqual(matches)
      const restored = await write({ ...split, revision: reweighted.revision })
      expect({ ...restored, revision: '' }).toEqual({ ...split, revision: '' })
    })

    it('rejects malformed splits before any request', async () => {
      // A service that does not exist: an adapter that asked the source first would say NotFound.
      const ghost = { ...key, namespace: 'meshpane-contract-absent', name: 'absent' }
      const bad: [unknown, string][] = [
        [
          {
            backends: [
              { name: 'a', weight: 50 },
              { name: 'b', weight: 40 },
            ],
            revision: '1',
          },
          'backends',
        ],
        [
          {
            backends: [
              { name: 'a', weight: 50.5 },
              { name: 'b', weight: 49.5 },
            ],
            revision: '1',
          },
          'backends.0.weight',
        ],
        [
          {
            backends: [
              { name: 'a', weight: 101 },
              { name: 'b', weight: -1 },
            ],
            revision: '1',
          },
          'backends.1.weight',
        ],
        [
          {
            backends: [
              { name: 'a', weight: 50 },
              { name: 'a', weight: 50 },
            ],
            revision: '1',
          },
          'backends.1.name',
        ],
        [{ backends: [{ name: 'a', weight: 100 }] }, 'revision'],
        [{ backends: [], revision: '1' }, 'backends'],
      ]
      for (const [split, field] of bad) {
        const error = await adapter
          .planSplit(ghost, world.source, split, signal())
          .catch((e: unknown) => e)
        expect(error, JSON.stringify(split)).toBeInstanceOf(ValidationError)
        expect(error).not.toBeInstanceOf(NotFoundError)
        expect((error as ValidationError).fields.map((f) => f.field)).toContain(field)
      }
    })
  })
}

/** A different valid split: 10 points moved from the largest backend to the next one. */
function shifted(split: TrafficSplit): TrafficSplit {
  const backends = split.backends.map((b) => ({ ...b }))
  const from = backends.reduce((best, b, i) => (b.weight > backends[best]!.weight ? i : best), 0)
  const to = (from + 1) % backends.length
  const moved = Math.min(10, backends[from]!.weight)
  backends[from]!.weight -= moved
  backends[to]!.weight += moved
  return { backends, revision: split.revision }
}

/** The dot paths whose values differ between two JSON values. */
export function diffPaths(a: unknown, b: unknown, at = ''): string[] {
  if (Object.is(a, b)) return []
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null
  if (!isObject(a) || !isObject(b) || Array.isArray(a) !== Array.isArray(b)) return [at]
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...keys].flatMap((k) => diffPaths(a[k], b[k], at ? `${at}.${k}` : k))
}
