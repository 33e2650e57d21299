import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChangeList, MeshList, SourceList, TrafficSplit } from '@/lib/schemas'
import { freePort } from '@/server/fixtures/free-port'
import { kubectlJson } from '@/server/fixtures/kubectl'
import { MESHES_SCENARIO, startLabProcess, type LabProcess } from '@/server/fixtures/lab-process'
import { startMeshpane, type MeshpaneProcess } from '@/server/fixtures/meshpane-process'

/**
 * `npx meshpane` as an operator runs it: the CLI's own bin as a process, against the production
 * build (`next build` must have run) and a lab of its own (meshes scenario); kubectl shows what
 * it changed.
 */

const ROOT = path.resolve(__dirname, '..')
// Each command is a process of its own (tsx compiling the CLI on a cold cache takes seconds).
const SLOW = { timeout: 120_000 }
let lab: LabProcess
let app: MeshpaneProcess

type Run = { code: number; stdout: string; stderr: string }
function meshpane(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(
      path.join(ROOT, 'node_modules', '.bin', 'meshpane'),
      args,
      { env: { ...process.env, MESHPANE_SERVER: app.url }, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error?.killed) reject(new Error(`meshpane ${args.join(' ')} did not end in 60 s`))
        else resolve({ code: error ? Number(error.code) : 0, stdout, stderr })
      },
    )
  })
}
const ok = async (...args: string[]) => {
  const run = await meshpane(...args)
  expect(run, args.join(' ')).toMatchObject({ code: 0 })
  return run.stdout
}
const json = async (...args: string[]): Promise<unknown> =>
  JSON.parse(await ok(...args, '-o', 'json'))

type Vs = { spec: { http: { route: { weight: number }[] }[] } }
/** The weights of mixed's reviews VirtualService, as kubectl reads them. */
const reviewsWeights = async () =>
  (
    await kubectlJson<Vs>(lab.kubeconfigPath, 'mixed', [
      'get',
      'virtualservice',
      'reviews',
      '-n',
      'bookinfo',
    ])
  ).spec.http[0]!.route.map((r) => r.weight)
type Route = { spec: { rules: { backendRefs: { name: string; weight?: number }[] }[] } }
/** The share of each backend of linkerd's voting HTTPRoute (its last rule), in percent. */
const votingShares = async () => {
  const route = await kubectlJson<Route>(lab.kubeconfigPath, 'linkerd', [
    'get',
    'httproutes.policy.linkerd.io',
    'voting-split',
    '-n',
    'emojivoto',
  ])
  const refs = route.spec.rules.at(-1)!.backendRefs
  const total = refs.reduce((sum, r) => sum + (r.weight ?? 1), 0)
  return Object.fromEntries(refs.map((r) => [r.name, (100 * (r.weight ?? 1)) / total]))
}
const smiFile = (name: string, text: string) => {
  const file = path.join(lab.dir, name)
  writeFileSync(file, text)
  return file
}

beforeAll(async () => {
  lab = await startLabProcess({ scenarioPath: MESHES_SCENARIO })
  const config = path.join(lab.dir, 'meshpane-cli.json')
  writeFileSync(
    config,
    JSON.stringify({ kubeconfig: lab.kubeconfigPath, storage: { dir: 'data' } }),
  )
  app = await startMeshpane(await freePort(), config)
  // tsx compiles the CLI on its first run (then caches it): not part of any test's time.
  await meshpane('--version')
})
afterAll(async () => {
  await app?.stop()
  await lab?.stop()
})

describe('meshpane get', SLOW, () => {
  it('lists sources, meshes and services, as tables or JSON', async () => {
    const sources = SourceList.parse(await json('get', 'sources'))
    expect(sources.items.map((s) => s.name)).toEqual(expect.arrayContaining(['linkerd', 'mixed']))
    expect(await ok('get', 'meshes', '--source', 'mixed')).toMatch(/^SOURCE\s+KIND\s+NAME/)
    const meshes = MeshList.pick({ items: true }).parse(
      await json('get', 'meshes', '--source', 'mixed'),
    )
    expect(meshes.items.map((m) => m.kind).sort()).toEqual(['gateway-api', 'istio'])
    const services = await ok('get', 'services', '--source', 'mixed', '-n', 'bookinfo')
    expect(services).toMatch(/mixed\s+istio\s+bookinfo\s+reviews\s+v1=\d+ v2=\d+/)
  })

  it('answers exit code 1 naming a service that is nowhere, and 2 for a wrong command line', async () => {
    expect(await meshpane('get', 'split', 'nowhere', '--source', 'mixed')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('no service default/nowhere in source mixed'),
    })
    expect(await meshpane('get', 'splits')).toMatchObject({ code: 2 })
    expect(await meshpane('set', 'split', 'bookinfo/reviews', 'v1=eighty')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('"v1=eighty" is not BACKEND=PERCENT'),
    })
  })
})

describe('meshpane set split', SLOW, () => {
  it('writes the weights (kubectl shows them) and records the change', async () => {
    const out = await ok(
      'set',
      'split',
      'bookinfo/reviews',
      'v1=30',
      'v2=70',
      '--source',
      'mixed',
      '--comment',
      'cli test',
    )
    expect(out).toMatch(/bookinfo\/reviews \(istio\): applied v1=30 v2=70 at revision \S+/)
    expect(await reviewsWeights()).toEqual([30, 70])
    const changes = ChangeList.parse(
      await json(
        'get',
        'changes',
        '--service',
        'bookinfo/reviews',
        '--source',
        'mixed',
        '--limit',
        '1',
      ),
    )
    expect(changes.items[0]).toMatchObject({
      outcome: 'applied',
      comment: 'cli test',
      client: { kind: 'api', userAgent: expect.stringMatching(/^meshpane-cli\//) },
    })
  })

  it('under a revision that moved: exit code 3, the split now in the message, nothing written', async () => {
    const before = TrafficSplit.parse(
      await json('get', 'split', 'bookinfo/reviews', '--source', 'mixed'),
    )
    await ok('set', 'split', 'bookinfo/reviews', 'v1=40', 'v2=60', '--source', 'mixed')
    const stale = await meshpane(
      'set',
      'split',
      'bookinfo/reviews',
      'v1=90',
      'v2=10',
      '--source',
      'mixed',
      '--revision',
      before.revision,
    )
    expect(stale.code).toBe(3)
    expect(stale.stderr).toMatch(
      /conflict: the split changed since the revision sent; it is now v1=40 v2=60 at revision \S+/,
    )
    expect(await reviewsWeights()).toEqual([40, 60])
  })

  it('reverts a change by id', async () => {
    const [latest] = ChangeList.parse(
      await json(
        'get',
        'changes',
        '--service',
        'bookinfo/reviews',
        '--source',
        'mixed',
        '--outcome',
        'applied',
        '--limit',
        '1',
      ),
    ).items
    expect(await ok('revert', latest!.id)).toMatch(/^reverted \S+: applied v1=30 v2=70/)
    expect(await reviewsWeights()).toEqual([30, 70])
  })
})

describe('meshpane apply -f (SMI TrafficSplit)', SLOW, () => {
  it('applies to an Istio service: the SMI backends are its subsets', async () => {
    const file = smiFile(
      'reviews.yaml',
      `apiVersion: split.smi-spec.io/v1alpha4
kind: TrafficSplit
metadata: { name: reviews-rollout, namespace: bookinfo }
spec:
  service: reviews.bookinfo.svc.cluster.local
  backends:
    - { service: reviews-v1, weight: 60 }
    - { service: reviews-v2, weight: 40 }
`,
    )
    expect(await ok('apply', '-f', file, '--source', 'mixed')).toMatch(
      /bookinfo\/reviews \(istio\): applied v1=60 v2=40/,
    )
    expect(await reviewsWeights()).toEqual([60, 40])
  })

  it('applies to a Linkerd service, refusing an owned route (exit 4) unless --force', async () => {
    const file = smiFile(
      'voting.yaml',
      `apiVersion: split.smi-spec.io/v1alpha1
kind: TrafficSplit
metadata: { name: voting, namespace: emojivoto }
spec:
  service: voting
  backends:
    - { service: voting-v1, weight: 250m }
    - { service: voting-v2, weight: 750m }
`,
    )
    const before = await votingShares()
    const refused = await meshpane('apply', '-f', file, '--source', 'linkerd')
    expect(refused.code).toBe(4)
    expect(refused.stderr).toMatch(/owned: .*\(argocd\) manages this routing object.*--force/)
    expect(await votingShares()).toEqual(before)
    expect(await ok('apply', '-f', file, '--source', 'linkerd', '--force')).toMatch(
      /emojivoto\/voting \(linkerd\): applied voting-v1=25 voting-v2=75/,
    )
    expect(await votingShares()).toEqual({ 'voting-v1': 25, 'voting-v2': 75 })
  })

  it('refuses a backend the service does not have, writing nothing', async () => {
    const file = smiFile(
      'bad.yaml',
      `apiVersion: split.smi-spec.io/v1alpha2
kind: TrafficSplit
metadata: { name: reviews, namespace: bookinfo }
spec:
  service: reviews
  backends: [{ service: reviews-v9, weight: 1 }]
`,
    )
    const run = await meshpane('apply', '-f', file, '--source', 'mixed')
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('backend "reviews-v9" is none of reviews\'s backends (v1, v2)')
    expect(await reviewsWeights()).toEqual([60, 40])
  })
})

describe('meshpane rollout', SLOW, () => {
  it('starts a manual rollout, promotes it, aborts it back to the primary; kubectl follows', async () => {
    const started = (await json(
      'rollout',
      'start',
      'bookinfo/reviews',
      '--source',
      'mixed',
      '--canary',
      'v2',
      '--primary',
      'v1',
      '--steps',
      '20,60',
      '--manual',
    )) as { id: string; state: string }
    expect(started.state).toBe('waiting')
    expect(await reviewsWeights()).toEqual([80, 20])

    expect(await ok('rollout', 'promote', started.id)).toMatch(`rollout ${started.id}: waiting`)
    expect(await reviewsWeights()).toEqual([40, 60])

    expect(await ok('rollout', 'abort', started.id, '--comment', 'cli test')).toMatch(
      `rollout ${started.id}: aborted`,
    )
    expect(await reviewsWeights()).toEqual([100, 0])
    expect(
      await ok('get', 'rollouts', '--service', 'bookinfo/reviews', '--source', 'mixed'),
    ).toMatch(new RegExp(`mixed/bookinfo/reviews\\s+v2 over v1\\s+aborted.*${started.id}`))
    expect(await meshpane('rollout', 'promote', 'no-such-id')).toMatchObject({ code: 2 })
  })
})
