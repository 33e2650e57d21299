// Installing Meshpane into a cluster as the README says, against the lab: the manifests pass
// `kubectl apply --dry-run=server`, and the ClusterRole they bind to Meshpane's service account is
// enough for everything Meshpane reads and writes there, and for nothing else.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import type { MeshKind } from '@/lib/schemas'
import { kubectl } from '@/server/fixtures/kubectl'
import { testSplits } from '@/server/fixtures/splits'
import { MESHES_SCENARIO, startTestLab, type TestLab } from '@/server/fixtures/test-lab'
import { SourceUnavailableError } from '@/server/errors'
import { Inventory } from '@/server/inventory/inventory'
import { kubeSources } from '@/server/sources/sources'
import { BASE, POSTGRES, render, type Manifest } from './render'

const NAMESPACE = JSON.stringify({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'meshpane' },
})
const KINDS: MeshKind[] = ['istio', 'linkerd', 'gateway-api', 'smi', 'consul']
/** Deadlines for a machine many test runs share: proof of access, not of speed. */
const SLOW = 20_000

let lab: TestLab
const admin = (context: string, args: string[], stdin?: string) =>
  kubectl(lab.lab.kubeconfigPath, context, args, stdin)
/** kubectl refused: its error output. */
const refusal = async (run: Promise<string>) =>
  run.then(
    (out) => `unexpectedly allowed: ${out}`,
    (e: { stderr?: string }) => e.stderr ?? String(e),
  )

beforeAll(async () => {
  lab = await startTestLab({ scenarioPath: MESHES_SCENARIO })
  for (const context of Object.keys(lab.lab.info.clusters))
    await admin(context, ['apply', '-f', '-'], NAMESPACE)
})
afterAll(() => lab?.stop())

describe('kubectl apply --dry-run=server -k', () => {
  it.each([
    ['deploy/base', BASE],
    ['deploy/overlays/postgres', POSTGRES],
  ])('accepts %s, validated by the server, and stores nothing', async (_, dir) => {
    const out = await admin('smi', ['apply', '--dry-run=server', '-k', dir])
    const lines = out.trim().split('\n')
    expect(lines.length).toBeGreaterThanOrEqual(12)
    for (const line of lines) expect(line).toMatch(/ (created|configured) \(server dry run\)$/)
    const left = await admin('smi', [
      ...['get', 'deployments,services,serviceaccounts,configmaps,secrets'],
      ...['-n', 'meshpane', '-o', 'name'],
    ])
    expect(left.trim()).toBe('')
    expect(await refusal(admin('smi', ['get', 'clusterrolebinding', 'meshpane']))).toMatch(
      /NotFound/,
    )
  })

  it('refuses what a real API server refuses: a selector missing its pods, a misspelt field', async () => {
    const objects = await render(BASE)
    const deployment = objects.find((o) => o.kind === 'Deployment')!
    deployment.spec.selector.matchLabels = { 'app.kubernetes.io/name': 'other' }
    const sa = objects.find((o) => o.kind === 'ServiceAccount')!
    sa.metadata = { ...sa.metadata, lables: { misspelt: 'yes' } } as Manifest['metadata']
    const broken = objects.map((o) => stringify(o)).join('---\n')
    const answer = await refusal(admin('smi', ['apply', '--dry-run=server', '-f', '-'], broken))
    expect(answer).toMatch(
      /spec\.template\.metadata\.labels: Invalid value: .*`selector` does not match template `labels`/,
    )
    expect(answer).toMatch(/strict decoding error: unknown field "metadata\.lables"/)
  })
})

describe('the ClusterRole, bound to the service account', () => {
  let tokens: Record<string, string>
  let kubeconfig: string
  let asMeshpane: Inventory
  let asAdmin: Inventory
  let splits: Awaited<ReturnType<typeof testSplits>>

  beforeAll(async () => {
    tokens = {}
    for (const context of Object.keys(lab.lab.info.clusters)) {
      await admin(context, ['apply', '-k', BASE])
      tokens[context] = (
        await admin(context, ['create', 'token', 'meshpane', '-n', 'meshpane'])
      ).trim()
    }
    // The admin kubeconfig's clusters and contexts, each user's token the service account's.
    const config = parse(fs.readFileSync(lab.lab.kubeconfigPath, 'utf8'))
    for (const c of config.contexts)
      config.users.find((u: { name: string }) => u.name === c.context.user).user = {
        token: tokens[c.name],
      }
    kubeconfig = path.join(lab.lab.dir, 'meshpane-sa.kubeconfig')
    fs.writeFileSync(kubeconfig, stringify(config))
    // No caching (ttl 0): every read asks the clusters as that identity.
    asMeshpane = new Inventory(kubeSources({ kubeconfig, sourceTimeoutMs: SLOW }), SLOW, 0)
    asAdmin = new Inventory(
      kubeSources({ kubeconfig: lab.lab.kubeconfigPath, sourceTimeoutMs: SLOW }),
      SLOW,
      0,
    )
    splits = await testSplits(asMeshpane)
  }, 180_000)

  it('authenticates Meshpane as its service account', async () => {
    const whoami = await admin('smi', ['auth', 'whoami', '--token', tokens.smi!, '-o', 'json'])
    expect(JSON.parse(whoami).status.userInfo).toMatchObject({
      username: 'system:serviceaccount:meshpane:meshpane',
    })
  })

  it(
    'discovers every mesh and every service the cluster admin sees, of every mesh kind',
    { timeout: 4 * SLOW },
    async () => {
      const [mine, theirs] = await Promise.all([asMeshpane.listMeshes(), asAdmin.listMeshes()])
      expect(mine.errors).toEqual([])
      expect(mine.items.map((m) => m.id).sort()).toEqual(theirs.items.map((m) => m.id).sort())
      expect(new Set(mine.items.map((m) => m.kind))).toEqual(new Set(KINDS))
      for (const mesh of mine.items) {
        const [a, b] = await Promise.all([
          asMeshpane.serviceList(mesh.id),
          asAdmin.serviceList(mesh.id),
        ])
        expect(a.items.map((s) => s.id).sort(), mesh.id).toEqual(b.items.map((s) => s.id).sort())
        expect(a.items.length, mesh.id).toBeGreaterThan(0)
        expect(a.problems).toEqual(b.problems)
      }
    },
  )

  it.each(KINDS)(
    'shifts a %s split through the write pipeline',
    { timeout: 4 * SLOW },
    async (kind) => {
      const mesh = (await asMeshpane.listMeshes()).items.find((m) => m.kind === kind)!
      const service = (await asMeshpane.listServices(mesh.id)).find((s) => s.backends.length >= 2)!
      const [first, second, ...rest] = service.backends.map((b) => b.name)
      const current = Object.fromEntries(service.backends.map((b) => [b.name, b.weight]))
      const target = current[first!] === 37 ? 63 : 37
      const desired = {
        [first!]: target,
        [second!]: 100 - target,
        ...Object.fromEntries(rest.map((r) => [r, 0])),
      }
      // A GitOps-owned object is written with force: the same patch.
      const written = await splits.reweigh(service.id, desired, service.owner !== undefined)
      expect(written).toMatchObject({ outcome: 'applied' })
      const now = await splits.read(service.id)
      expect(Object.fromEntries(now.backends.map((b) => [b.name, b.weight]))).toEqual(desired)
    },
  )

  it(
    'acts for signed-in people: impersonates them, and the cluster’s access reviews answer for them',
    { timeout: 4 * SLOW },
    async () => {
      // The cluster's own policy for two groups of people: operators may shift Istio routes.
      const role = (name: string, verbs: string[]) => ({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name },
        rules: [{ apiGroups: ['*'], resources: ['*'], verbs }],
      })
      const binding = (group: string, roleName: string) => ({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: group },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group }],
      })
      const policy = [
        role('reader', ['get', 'list', 'watch']),
        role('operator', ['get', 'list', 'watch', 'patch']),
        binding('readers', 'reader'),
        binding('operators', 'operator'),
      ]
      await admin('mixed', ['apply', '-f', '-'], policy.map((o) => stringify(o)).join('---\n'))
      const capabilityOf = async (group: string) => {
        const view = asMeshpane.as({ kind: 'person', user: `someone-${group}`, groups: [group] })
        const { items, errors } = await view.listMeshes()
        expect(errors.filter((e) => e.sourceName === 'mixed')).toEqual([])
        const istio = items.find((m) => m.kind === 'istio' && m.source.name === 'mixed')!
        const services = await view.listServices(istio.id)
        expect(services.length).toBeGreaterThan(0)
        return services[0]!.capabilities?.write
      }
      expect(await capabilityOf('operators')).toMatchObject({ allowed: true })
      expect(await capabilityOf('readers')).toMatchObject({ allowed: false })
    },
  )

  it(
    'is refused, by kubectl, a Secret, a Deployment patch, a delete, a service account to impersonate',
    { timeout: 4 * SLOW },
    async () => {
      const as = (args: string[]) => refusal(admin('mixed', [...args, '--token', tokens.mixed!]))
      const sa = 'User "system:serviceaccount:meshpane:meshpane"'
      expect(await as(['get', 'secrets', '-n', 'meshpane'])).toMatch(
        `Forbidden): secrets is forbidden: ${sa} cannot list resource "secrets"`,
      )
      expect(
        await as([
          'patch',
          'deployment',
          'meshpane',
          '-n',
          'meshpane',
          '-p',
          '{"spec":{"replicas":2}}',
        ]),
      ).toMatch(`${sa} cannot patch resource "deployments" in API group "apps"`)
      expect(await as(['delete', 'virtualservice', 'reviews', '-n', 'bookinfo'])).toMatch(
        `${sa} cannot delete resource "virtualservices"`,
      )
      expect(
        await as([
          'get',
          'pods',
          '-n',
          'bookinfo',
          '--as',
          'system:serviceaccount:bookinfo:default',
        ]),
      ).toMatch(`${sa} cannot impersonate resource "serviceaccounts"`)
      // People it may impersonate: the refusal is then the person's own.
      expect(await as(['get', 'secrets', '-n', 'bookinfo', '--as', 'someone'])).toMatch(
        'User "someone" cannot list resource "secrets"',
      )
    },
  )

  it(
    'is refused, through Meshpane’s own client, a Secret and a Deployment patch',
    { timeout: 2 * SLOW },
    async () => {
      const source = kubeSources({ kubeconfig, sourceTimeoutMs: SLOW }).find(
        (s) => s.ref.name === 'mixed',
      )!
      const signal = () => AbortSignal.timeout(SLOW)
      const secrets = source.kube.get('/api/v1/namespaces/meshpane/secrets', signal())
      await expect(secrets).rejects.toBeInstanceOf(SourceUnavailableError)
      await expect(secrets).rejects.toMatchObject({
        status: 'forbidden',
        message: expect.stringContaining('cannot list resource "secrets"'),
      })
      const patch = source.kube.patch(
        '/apis/apps/v1/namespaces/meshpane/deployments/meshpane',
        'merge',
        { spec: { replicas: 2 } },
        signal(),
      )
      await expect(patch).rejects.toMatchObject({
        status: 'forbidden',
        message: expect.stringContaining('cannot patch resource "deployments"'),
      })
    },
  )
})
