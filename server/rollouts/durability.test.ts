import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOCAL_ACTOR, MESHPANE } from '@/server/identity/identity'
import type { ChangeRecord, RolloutPlan } from '@/lib/schemas'
import { openAudit, type Audit } from '@/server/changes'
import { kubectl, kubectlJson } from '@/server/fixtures/kubectl'
import { startLabProcess, type LabProcess } from '@/server/fixtures/lab-process'
import { waitFor } from '@/server/fixtures/poll'
import { startPostgres, type TestPostgres } from '@/server/fixtures/postgres'
import { labInventory, rolloutIn, serviceIn, testEngine } from '@/server/fixtures/rollouts'
import type { Inventory } from '@/server/inventory/inventory'

/**
 * What makes the engine trustworthy: a restart resumes where it stood, two replicas on one
 * PostgreSQL write each step once, a change by someone else pauses it (never overwritten), and an
 * unreachable source pauses it until it answers, with no write sent blind.
 */

const STEADY = { errorRate: 0, latencyMs: { p50: 20, p99: 80 } }

let lab: LabProcess
let postgres: TestPostgres
let inventory: Inventory
const opened: Audit[] = []

const freshDir = () => path.join(mkdtempSync(path.join(tmpdir(), 'meshpane-rollouts-')), 'data')
const open = async (storage: { dir: string; postgresUrl?: string }) => {
  const audit = await openAudit({ ...storage, retentionDays: 365 })
  opened.push(audit)
  return audit
}

beforeAll(async () => {
  ;[lab, postgres] = await Promise.all([
    startLabProcess({ prometheus: true, scrapeIntervalSeconds: 1, tickMs: 250 }),
    startPostgres(),
  ])
  inventory = labInventory(lab)
  for (const service of ['reviews', 'ratings'])
    for (const version of ['v1', 'v2'])
      await lab.control.setBehaviour(`prod-us/bookinfo/${service}/${version}`, STEADY)
}, 90_000)
afterAll(async () => {
  await Promise.all(opened.map((a) => a.close().catch(() => undefined)))
  await Promise.all([lab?.stop(), postgres?.stop()])
})

const autoPlan = (steps: number[]): RolloutPlan => ({
  primary: 'v1',
  canary: 'v2',
  steps,
  intervalSeconds: 2,
  mode: 'auto',
  analysis: { minRequests: 5, failureLimit: 3 },
})

/** The rollout's writes as the audit trail holds them, oldest first. */
const writesOf = async (audit: Audit, rolloutId: string): Promise<ChangeRecord[]> =>
  (await audit.store.list({ rollout: rolloutId, limit: 100 })).items.reverse()

describe('a restart mid-rollout', () => {
  it('resumes at the same step and writes no step twice', { timeout: 120_000 }, async () => {
    const dir = freshDir()
    const reviews = await serviceIn(inventory, 'prod-us', 'istio', 'reviews')
    const first = await open({ dir })
    const before = testEngine(lab, first)
    before.start()
    const started = await before.create(MESHPANE, reviews.id, autoPlan([20, 40, 60, 80]))
    const atSecond = await waitFor('the second step', async () => {
      const r = await before.get(started.id)
      return r.step >= 1 ? r : undefined
    })
    await before.stop()
    await first.close()
    const stoppedAt = { step: atSecond.step, stepStartedAt: atSecond.stepStartedAt }

    const second = await open({ dir })
    const after = testEngine(lab, second)
    const resumed = await after.get(started.id)
    expect({ step: resumed.step, stepStartedAt: resumed.stepStartedAt }).toEqual(stoppedAt)
    after.start()
    const done = await rolloutIn(after, started.id, ['promoted', 'rolled-back', 'paused'])
    await after.stop()
    expect(done.state, JSON.stringify(done.timeline)).toBe('promoted')

    const writes = await writesOf(second, started.id)
    expect(writes.map((w) => [w.rollout!.step, w.outcome])).toEqual(
      [0, 1, 2, 3, 4].map((step) => [step, 'applied']),
    )
    // Without sign-in the rollout acts as Meshpane itself, named `local` as a slider's write is.
    expect(writes.every((w) => w.actor.user === 'local')).toBe(true)
  })
})

describe('two replicas on one PostgreSQL', () => {
  it('write each step exactly once', { timeout: 120_000 }, async () => {
    const ratings = await serviceIn(inventory, 'prod-us', 'istio', 'ratings')
    const [a, b] = await Promise.all([
      open({ dir: freshDir(), postgresUrl: postgres.url }),
      open({ dir: freshDir(), postgresUrl: postgres.url }),
    ])
    const replicas = [testEngine(lab, a, { tickMs: 100 }), testEngine(lab, b, { tickMs: 100 })]
    replicas.forEach((r) => r.start())
    const started = await replicas[1]!.create(MESHPANE, ratings.id, autoPlan([20, 50, 80]))
    const done = await rolloutIn(replicas[0]!, started.id, ['promoted', 'rolled-back', 'paused'])
    await Promise.all(replicas.map((r) => r.stop()))
    expect(done.state, JSON.stringify(done.timeline)).toBe('promoted')
    const writes = await writesOf(a, started.id)
    expect(writes.map((w) => [w.rollout!.step, w.outcome])).toEqual(
      [0, 1, 2, 3].map((step) => [step, 'applied']),
    )
    expect(done.timeline.filter((e) => e.type === 'step').map((e) => e.step)).toEqual([0, 1, 2, 3])
  })
})

describe('someone else and the source', () => {
  const VS = ['virtualservice', 'ratings', '-n', 'bookinfo']
  type Vs = { spec: { http: { route: { weight: number }[] }[] } }
  const vsWeights = async () =>
    (await kubectlJson<Vs>(lab.kubeconfigPath, 'prod-eu', ['get', ...VS])).spec.http[0]!.route.map(
      (r) => r.weight,
    )

  it(
    'a kubectl change pauses the rollout with the difference; nothing is overwritten',
    {
      timeout: 120_000,
    },
    async () => {
      const ratings = await serviceIn(inventory, 'prod-eu', 'istio', 'ratings')
      const audit = await open({ dir: freshDir() })
      // Not started: each pass is run by the test, so "the engine ran and wrote nothing" is exact.
      const engine = testEngine(lab, audit)
      const r = await engine.create(MESHPANE, ratings.id, { ...autoPlan([20, 50]), mode: 'manual' })
      expect(r.state).toBe('waiting')
      expect(await vsWeights()).toEqual([80, 20])

      await kubectl(lab.kubeconfigPath, 'prod-eu', [
        'patch',
        ...VS,
        '--type=json',
        '-p',
        '[{"op":"replace","path":"/spec/http/0/route/0/weight","value":70},{"op":"replace","path":"/spec/http/0/route/1/weight","value":30}]',
      ])
      await engine.tick()
      const paused = await engine.get(r.id)
      expect(paused.state).toBe('paused')
      expect(paused.pause).toMatchObject({
        reason: 'changed',
        expected: [
          { name: 'v1', weight: 80 },
          { name: 'v2', weight: 20 },
        ],
        found: [
          { name: 'v1', weight: 70 },
          { name: 'v2', weight: 30 },
        ],
        message: expect.stringMatching(/expected v1 80%, v2 20%, found v1 70%, v2 30%/),
      })
      await expect(engine.promote(LOCAL_ACTOR, r.id)).rejects.toThrow(
        /cannot promote a rollout that is paused/,
      )
      await engine.tick()
      expect(await vsWeights()).toEqual([70, 30])
      expect((await writesOf(audit, r.id)).length).toBe(1)

      const aborted = await engine.abort(LOCAL_ACTOR, r.id, 'the human knows better')
      expect(aborted.state).toBe('aborted')
      expect(await vsWeights()).toEqual([100, 0])
    },
  )

  it(
    'an unreachable source pauses it; back, it resumes without a write',
    {
      timeout: 120_000,
    },
    async () => {
      const ratings = await serviceIn(inventory, 'prod-eu', 'istio', 'ratings')
      const audit = await open({ dir: freshDir() })
      const engine = testEngine(lab, audit)
      const r = await engine.create(MESHPANE, ratings.id, { ...autoPlan([30, 60]), mode: 'manual' })
      await lab.control.setFault('prod-eu', 'down')
      try {
        await engine.tick()
        expect(await engine.get(r.id)).toMatchObject({
          state: 'paused',
          pause: { reason: 'unreachable', message: expect.stringMatching(/prod-eu/) },
        })
      } finally {
        await lab.control.setFault('prod-eu', 'none')
      }
      await engine.tick()
      const back = await engine.get(r.id)
      expect(back.state).toBe('waiting')
      expect(back.timeline.at(-1)!.message).toMatch(/answers again; nothing changed/)
      expect((await writesOf(audit, r.id)).length).toBe(1)
      // A pass running beside the abort finds the rollout done and writes nothing after it.
      await Promise.all([engine.tick(), engine.abort(LOCAL_ACTOR, r.id), engine.tick()])
      await engine.tick()
      expect(await vsWeights()).toEqual([100, 0])
      expect((await writesOf(audit, r.id)).map((w) => w.rollout!.step)).toEqual([0, -1])
    },
  )
})
