// Debian's kubectl and the lab's RBAC: RBAC kinds listed and applied like any other, and
// `kubectl auth can-i --as --as-group` (a protobuf SelfSubjectAccessReview sent as Meshpane,
// impersonating) agreeing with a SubjectAccessReview answered by the same evaluator.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from './lab'
import { kubeClient, runKubectl } from './test-client'

let lab: Lab
let dir: string
const admin = (...args: string[]) =>
  runKubectl(lab.kubeconfigPath, join(dir, 'cache'), ['--context', 'prod-eu', ...args])
const asMeshpane = (...args: string[]) =>
  runKubectl(lab.meshpaneKubeconfigPath, join(dir, 'cache'), ['--context', 'prod-eu', ...args])

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lab-kubectl-rbac-'))
  lab = await startLab({ dir })
})
afterAll(() => lab?.stop())

describe('RBAC kinds through kubectl', () => {
  it('lists cluster roles and bindings with the columns kube-apiserver prints', async () => {
    const roles = await admin('get', 'clusterroles')
    expect(roles.stdout).toMatch(/^NAME\s+CREATED AT\n/)
    expect(roles.stdout).toMatch(/\nmeshpane\s+\d{4}-\d\d-\d\dT[\d:]+Z\n/)
    expect(roles.stdout).toContain('\ncluster-admin ')
    const bindings = await admin('get', 'rolebindings', '-n', 'shop', '-o', 'wide')
    expect(bindings.stdout).toMatch(/^NAME\s+ROLE\s+AGE\s+USERS\s+GROUPS\s+SERVICEACCOUNTS\n/)
    expect(bindings.stdout).toMatch(
      /shop-devs-routing\s+ClusterRole\/mesh-routing-editor\s+\S+\s+shop-devs/,
    )
  })

  it('applies a Role and its RoleBinding, which then decide', async () => {
    const file = join(dir, 'role.yaml')
    writeFileSync(
      file,
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: ratings-router, namespace: bookinfo }
rules:
  - { apiGroups: [networking.istio.io], resources: [virtualservices], resourceNames: [ratings], verbs: [get, patch] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ratings-routers, namespace: bookinfo }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: ratings-router }
subjects: [{ apiGroup: rbac.authorization.k8s.io, kind: User, name: dave }]
`,
    )
    const applied = await admin('apply', '--validate=false', '-f', file)
    expect(applied.stdout).toContain('role.rbac.authorization.k8s.io/ratings-router created')
    expect(applied.stdout).toContain(
      'rolebinding.rbac.authorization.k8s.io/ratings-routers created',
    )
    const patch = [
      'patch',
      'vs',
      '-n',
      'bookinfo',
      '--type=merge',
      '-p',
      '{"metadata":{"labels":{"by":"dave"}}}',
    ]
    expect((await asMeshpane(...patch, 'ratings', '--as', 'dave')).stdout).toContain('patched')
    const refused = await asMeshpane(...patch, 'reviews', '--as', 'dave')
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain(
      'Error from server (Forbidden): virtualservices.networking.istio.io "reviews" is forbidden: User "dave" cannot get resource "virtualservices" in API group "networking.istio.io" in the namespace "bookinfo"',
    )
  })
})

describe('kubectl auth can-i --as --as-group', () => {
  type Case = { can: string[]; as: string; groups: string[]; expected: boolean }
  const patchVs = (target: string, namespace: string) => [
    'patch',
    `virtualservices/${target}`,
    '-n',
    namespace,
  ]
  const cases: Case[] = [
    { can: patchVs('reviews', 'bookinfo'), as: 'alice', groups: ['mesh-admins'], expected: true },
    { can: patchVs('checkout', 'shop'), as: 'bob', groups: ['shop-devs'], expected: true },
    { can: patchVs('reviews', 'bookinfo'), as: 'bob', groups: ['shop-devs'], expected: false },
    {
      can: [...patchVs('checkout', 'shop'), '--subresource', 'status'],
      as: 'bob',
      groups: ['shop-devs'],
      expected: false,
    },
    { can: ['list', 'virtualservices', '-A'], as: 'bob', groups: ['shop-devs'], expected: false },
    {
      can: ['list', 'virtualservices', '-n', 'shop'],
      as: 'bob',
      groups: ['shop-devs'],
      expected: true,
    },
    // kubectl asks in its context's namespace (default), not the Namespace's own as a GET of
    // /api/v1/namespaces/shop is authorised: so no, though bob may read it.
    { can: ['get', 'namespaces/shop'], as: 'bob', groups: ['shop-devs'], expected: false },
    { can: ['list', 'virtualservices', '-A'], as: 'carol', groups: ['viewers'], expected: true },
    { can: patchVs('checkout', 'shop'), as: 'carol', groups: ['viewers'], expected: false },
    {
      can: ['delete', 'pods', '-n', 'bookinfo'],
      as: 'alice',
      groups: ['mesh-admins'],
      expected: true,
    },
    { can: patchVs('checkout', 'shop'), as: 'bob', groups: [], expected: false },
  ]

  /** The same question as a SubjectAccessReview over HTTP: what the evaluator says. */
  async function evaluator(c: Case) {
    const [verb, target, ...flags] = c.can
    const [resource, name] = target!.split('/')
    const flag = (f: string) => (flags.includes(f) ? flags[flags.indexOf(f) + 1] : undefined)
    const res = await kubeClient(lab, 'prod-eu').call(
      'POST',
      '/apis/authorization.k8s.io/v1/subjectaccessreviews',
      {
        body: {
          spec: {
            user: c.as,
            groups: [...c.groups, 'system:authenticated'],
            resourceAttributes: {
              verb,
              group: resource === 'virtualservices' ? 'networking.istio.io' : '',
              resource,
              subresource: flag('--subresource'),
              name,
              namespace: flags.includes('-A') ? '' : (flag('-n') ?? 'default'),
            },
          },
        },
      },
    )
    return res.json.status.allowed as boolean
  }

  it.each(cases)('$as ($groups): can-i $can → $expected', async (c) => {
    const groups = c.groups.flatMap((g) => ['--as-group', g])
    const kubectl = await asMeshpane('auth', 'can-i', ...c.can, '--as', c.as, ...groups)
    expect(kubectl.stdout.trim(), kubectl.stderr).toBe(c.expected ? 'yes' : 'no')
    expect(await evaluator(c)).toBe(c.expected)
  })

  it('shows whom kubectl acts as (auth whoami)', async () => {
    const who = await asMeshpane(
      'auth',
      'whoami',
      '--as',
      'bob',
      '--as-group',
      'shop-devs',
      '-o',
      'json',
    )
    expect(JSON.parse(who.stdout).status.userInfo).toEqual({
      username: 'bob',
      groups: ['shop-devs', 'system:authenticated'],
    })
  })
})
