import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MESHPANE } from '@/server/identity/identity'
import type { MeshService, Rollout, RolloutPlan } from '@/lib/schemas'
import type { Audit } from '@/server/changes'
import { startLabProcess, type LabProcess } from '@/server/fixtures/lab-process'
import {
  labInventory,
  labMetrics,
  rolloutIn,
  serviceIn,
  testEngine,
} from '@/server/fixtures/rollouts'
import { waitFor } from '@/server/fixtures/poll'
import type { Metrics } from '@/server/metrics/metrics'
import { judgeCanary } from '@/lib/health'
import { testAudit } from '@/server/fixtures/splits'
import type { Inventory } from '@/server/inventory/inventory'
import type { RolloutEngine } from './engine'

/**
 * Auto rollouts against the lab's traffic and a real Prometheus, one service of every mesh kind:
 * a healthy canary walks to 100% and is promoted; a faulty one is rolled back to the primary after
 * `failureLimit` failing checks, the failing figure in the reason.
 */

/**
 * One service per mesh kind; `knobs`: the lab's behaviour targets of its primary and canary (Linkerd,
 * GAMMA and OSM split over backend Services, each answering as a service of its own).
 */
const KINDS = [
  {
    source: 'prod-eu',
    kind: 'istio',
    name: 'reviews',
    primary: 'v1',
    canary: 'v2',
    knobs: ['prod-eu/bookinfo/reviews/v1', 'prod-eu/bookinfo/reviews/v2'],
  },
  {
    source: 'linkerd',
    kind: 'linkerd',
    name: 'voting',
    primary: 'voting-v1',
    canary: 'voting-v2',
    knobs: ['linkerd/emojivoto/voting-v1/v1', 'linkerd/emojivoto/voting-v2/v2'],
  },
  {
    source: 'mixed',
    kind: 'gateway-api',
    name: 'ratings',
    primary: 'ratings-v1',
    canary: 'ratings-v2',
    knobs: ['mixed/bookinfo/ratings-v1/v1', 'mixed/bookinfo/ratings-v2/v2'],
  },
  {
    source: 'smi',
    kind: 'smi',
    name: 'cart',
    primary: 'cart-v1',
    canary: 'cart-v2',
    knobs: ['smi/bookstore/cart-v1/v1', 'smi/bookstore/cart-v2/v2'],
  },
  {
    source: 'consul',
    kind: 'consul',
    name: 'api',
    primary: 'v1',
    canary: 'v2',
    knobs: ['consul/hashicups/api/v1', 'consul/hashicups/api/v2'],
  },
  {
    source: 'payments/eu-west-1',
    kind: 'appmesh',
    name: 'ledger.payments.local',
    primary: 'ledger-v1',
    canary: 'ledger-v2',
    knobs: ['appmesh/payments/ledger-v1', 'appmesh/payments/ledger-v2'],
  },
] as const

const STEADY = { errorRate: 0, latencyMs: { p50: 20, p99: 80 } }
const FAULTY = { errorRate: 0.5, latencyMs: { p50: 20, p99: 80 } }

let lab: LabProcess
let audit: Audit
let engine: RolloutEngine
let inventory: Inventory
let metrics: Metrics

beforeAll(async () => {
  lab = await startLabProcess({ prometheus: true, scrapeIntervalSeconds: 1, tickMs: 250 })
  audit = await testAudit()
  engine = testEngine(lab, audit)
  inventory = labInventory(lab)
  metrics = labMetrics(lab)
  engine.start()
}, 60_000)
afterAll(async () => {
  await engine?.stop()
  await audit?.close()
  await lab?.stop()
})

/** The canary rules' verdict on the figures now, as a rollout's check would see them. */
async function canaryVerdict(service: MeshService, primary: string, canary: string) {
  const { mesh, adapter } = await inventory.getMesh(service.meshId)
  const { samples, thresholds } = await metrics.canarySamples(
    mesh,
    adapter.metricQueries?.(mesh) ?? null,
    service,
  )
  const [c, p] = [canary, primary].map((n) => samples.find((x) => x.name === n)!)
  return judgeCanary(c!, p!, { ...thresholds, minRequests: 5 }).status
}

const plan = (primary: string, canary: string, over: Partial<RolloutPlan> = {}): RolloutPlan => ({
  primary,
  canary,
  steps: [20, 60],
  intervalSeconds: 3,
  mode: 'auto',
  analysis: { minRequests: 5, failureLimit: 2 },
  // The lab's routing objects are tracked by Argo CD or Terraform, as real ones often are.
  force: true,
  ...over,
})

const splitWeights = async (r: Rollout) =>
  Object.fromEntries(
    (await audit.store.list({ rollout: r.id, outcome: 'applied', limit: 50 })).items
      .at(0)!
      .after!.backends.map((b) => [b.name, b.weight]),
  )

describe.concurrent('auto rollouts on every mesh kind', () => {
  for (const { source, kind, name, primary, canary, knobs } of KINDS)
    it(
      `${kind} ${name}: promotes a healthy canary, then rolls a faulty one back`,
      { timeout: 240_000 },
      async () => {
        const service = await serviceIn(inventory, source, kind, name)
        await lab.control.setBehaviour(knobs[0], STEADY)
        await lab.control.setBehaviour(knobs[1], STEADY)
        // The health window still holds the scenario's behaviour (App Mesh's ledger-v2 is faulty).
        await waitFor(`${canary} steady over the health window`, () =>
          canaryVerdict(service, primary, canary).then((s) =>
            s === 'healthy' || s === 'unknown' ? s : undefined,
          ),
        )

        const healthy = await engine.create(MESHPANE, service.id, plan(primary, canary))
        const promoted = await rolloutIn(engine, healthy.id, ['promoted', 'rolled-back', 'paused'])
        expect(promoted.state, JSON.stringify(promoted.timeline, null, 1)).toBe('promoted')
        expect(
          promoted.timeline
            .filter((e) => e.type === 'step')
            .map((e) => e.weights!.find((w) => w.name === canary)!.weight),
        ).toEqual([20, 60, 100])
        expect(await splitWeights(promoted)).toMatchObject({ [canary]: 100, [primary]: 0 })

        await lab.control.setBehaviour(knobs[1], FAULTY)
        const faulty = await engine.create(
          MESHPANE,
          service.id,
          plan(primary, canary, { steps: [10, 50] }),
        )
        const back = await rolloutIn(engine, faulty.id, ['rolled-back', 'promoted', 'paused'])
        expect(back.state, JSON.stringify(back.timeline, null, 1)).toBe('rolled-back')
        const failing = back.timeline.filter(
          (e) => e.type === 'check' && e.verdict?.status === 'failing',
        )
        expect(failing.length).toBeGreaterThanOrEqual(2)
        const rolledBack = back.timeline.find((e) => e.type === 'rolled-back')!
        expect(rolledBack.message).toMatch(
          /2 failing checks in a row: failing: success rate \d+\.\d% vs \d+\.\d%/,
        )
        expect(
          rolledBack.verdict!.reasons.find((r) => r.rule === 'success-rate')!.value,
        ).toBeLessThan(0.95)
        expect(await splitWeights(back)).toMatchObject({ [canary]: 0, [primary]: 100 })
        const at = (e: { time: string }) => Date.parse(e.time)
        console.log(
          `${kind} ${name}: rolled back ${at(rolledBack) - at(failing[0]!)} ms after the first failing verdict (failureLimit 2, checks 3 s apart), ${at(rolledBack) - at(failing.at(-1)!)} ms after the last; ${rolledBack.message}`,
        )
      },
    )
})
