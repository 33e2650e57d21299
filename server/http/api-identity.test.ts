// Signed in, Meshpane acts as the person: the clusters' RBAC decides what they see and change.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as changes from '@/app/api/v1/changes/route'
import * as meshes from '@/app/api/v1/meshes/route'
import * as meshServices from '@/app/api/v1/meshes/[meshId]/services/route'
import * as fleet from '@/app/api/v1/services/route'
import * as rollouts from '@/app/api/v1/services/[serviceId]/rollouts/route'
import * as split from '@/app/api/v1/services/[serviceId]/split/route'
import type {
  ApiErrorBody,
  ChangeList,
  FleetServiceList,
  MeshList,
  MeshService,
  ServiceList,
} from '@/lib/schemas'
import { getAudit } from '@/server/changes'
import { call } from '@/server/fixtures/api'
import { kubectl } from '@/server/fixtures/kubectl'
import { startLabProcess, type LabProcess } from '@/server/fixtures/lab-process'

const PEOPLE = { alice: 'mesh-admins', bob: 'shop-devs', carol: 'viewers' } as const
type Name = keyof typeof PEOPLE
const CLUSTERS = ['prod-eu', 'staging']
const MESH_ADMINS_ROLE = 'arn:aws:iam::111111111111:role/MeshAdmins'

let lab: LabProcess
const tokens = new Map<Name, string>()

const mint = async (user: Name, expiresIn = 3600): Promise<string> => {
  const res = await fetch(`${lab.info.control}/tokens`, {
    method: 'POST',
    body: JSON.stringify({ user, expiresIn }),
  })
  return ((await res.json()) as { token: string }).token
}
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } })
const as = (user: Name) => bearer(tokens.get(user)!)

async function serviceListOf(user: Name, source: string, kind = 'istio'): Promise<ServiceList> {
  const list: MeshList = await (await call(meshes.GET, {}, as(user))).json()
  const mesh = list.items.find((m) => m.kind === kind && m.source.name === source)
  if (!mesh) return { items: [], problems: [] }
  return (await call(meshServices.GET, { meshId: mesh.id }, as(user))).json()
}

const servicesSeenBy = async (user: Name, source: string, kind = 'istio') =>
  (await serviceListOf(user, source, kind)).items

/** `kubectl auth can-i` as Meshpane's own identity impersonating the person, as an operator asks. */
async function canPatch(user: Name, cluster: string, service: MeshService): Promise<boolean> {
  const active = service.routing.find((r) => r.active)!
  const kubeconfig = path.join(lab.dir, 'meshpane.kubeconfig')
  const args = ['auth', 'can-i', 'patch', `${active.kind.toLowerCase()}s/${active.name}`]
  args.push('-n', active.namespace!, '--as', user, '--as-group', PEOPLE[user])
  return kubectl(kubeconfig, cluster, args).then(
    (out) => out.trim() === 'yes',
    (err: { stdout?: string }) => {
      if (err.stdout?.trim() !== 'no') throw err
      return false
    },
  )
}

const vsWeights = async (namespace: string, name: string) =>
  (
    JSON.parse(
      await kubectl(lab.kubeconfigPath, 'prod-eu', [
        'get',
        'vs',
        name,
        '-n',
        namespace,
        '-o',
        'json',
      ]),
    ) as { spec: unknown }
  ).spec

const put = (user: Name, service: MeshService, shift: number) =>
  call(
    split.PUT,
    { serviceId: service.id },
    {
      method: 'PUT',
      ...as(user),
      json: {
        revision: service.revision,
        backends: service.backends.map((b, i) => ({
          name: b.name,
          weight: b.weight + (i === 0 ? -shift : i === 1 ? shift : 0),
        })),
      },
    },
  )

beforeAll(async () => {
  lab = await startLabProcess()
  // The lab's sign-in config, with a group policy for the platform account (payments has none).
  const config = JSON.parse(fs.readFileSync(path.join(lab.dir, 'meshpane-oidc.json'), 'utf8'))
  config.aws.accounts[0].access = [
    { group: 'mesh-admins', write: true, roleArn: MESH_ADMINS_ROLE },
    { group: 'viewers' },
  ]
  process.env.MESHPANE_CONFIG = path.join(lab.dir, 'meshpane-access.json')
  fs.writeFileSync(process.env.MESHPANE_CONFIG, JSON.stringify(config))
  for (const user of Object.keys(PEOPLE) as Name[]) tokens.set(user, await mint(user))
  await getAudit() // opened at start, as the server's instrumentation does
})
afterAll(() => lab?.stop())

describe('bearer tokens', () => {
  it('authenticate API calls; none, a forged one, or an expired one is 401', async () => {
    expect((await call(meshes.GET, {}, as('carol'))).status).toBe(200)
    const refusals = [
      await call(meshes.GET, {}),
      await call(meshes.GET, {}, bearer(`${tokens.get('carol')!.slice(0, -4)}AAAA`)),
      await call(changes.GET, {}),
    ]
    for (const res of refusals) {
      expect(res.status).toBe(401)
      expect(((await res.json()) as ApiErrorBody).error.code).toBe('unauthorized')
    }
    const shortLived = await mint('carol', 60)
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(Date.now() + 120_000)
      const expired = await call(meshes.GET, {}, bearer(shortLived))
      expect(expired.status).toBe(401)
      expect(((await expired.json()) as ApiErrorBody).error.message).toMatch(/expired/)
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('what a person sees and may change', () => {
  it('capabilities.write agrees with kubectl auth can-i, person by person and object by object', async () => {
    for (const user of Object.keys(PEOPLE) as Name[])
      for (const cluster of CLUSTERS)
        for (const service of await servicesSeenBy(user, cluster)) {
          const write = service.capabilities!.write!
          expect([user, cluster, service.namespace, service.name, write.allowed]).toEqual([
            user,
            cluster,
            service.namespace,
            service.name,
            await canPatch(user, cluster, service),
          ])
          if (!write.allowed) expect(write.reason).toMatch(`User "${user}" cannot patch`)
        }
  })

  it('a person without access to a namespace never sees its services, even after another loaded them', async () => {
    const alices = await serviceListOf('alice', 'prod-eu')
    expect(new Set(alices.items.map((s) => s.namespace))).toEqual(new Set(['bookinfo', 'shop']))
    expect(alices.partial).toBeUndefined()
    const bobs = await serviceListOf('bob', 'prod-eu')
    expect(bobs.items.length).toBeGreaterThan(0)
    expect(new Set(bobs.items.map((s) => s.namespace))).toEqual(new Set(['shop']))
    // bob may not list across the cluster: his list is the namespaces he may read, and says so.
    expect(bobs.partial).toMatch(/^bob may not list .*virtualservices.* across prod-eu/)
    expect(await servicesSeenBy('bob', 'prod-us')).toEqual([])
  })

  it('the fleet-wide search lists what the person may read, and says where that is partial', async () => {
    const search = async (user: Name): Promise<FleetServiceList> =>
      (await call(fleet.GET, {}, { ...as(user), query: { source: 'prod-eu' } })).json()
    const alices = await search('alice')
    expect(new Set(alices.items.map((s) => s.namespace))).toEqual(new Set(['bookinfo', 'shop']))
    const bobs = await search('bob')
    expect(new Set(bobs.items.map((s) => s.namespace))).toEqual(new Set(['shop']))
    expect(bobs.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^bob may not list .* across prod-eu/),
    ])
  })
})

describe('writes as the person', () => {
  it("refuse bob outside shop and carol anywhere with the cluster's reason, changing nothing", async () => {
    const reviews = (await servicesSeenBy('alice', 'prod-eu')).find((s) => s.name === 'reviews')!
    const before = await vsWeights('bookinfo', 'reviews')
    for (const user of ['bob', 'carol'] as const) {
      const res = await put(user, reviews, 5)
      expect(res.status).toBe(403)
      const { error } = (await res.json()) as ApiErrorBody
      expect(error.code).toBe('forbidden')
      expect(error.message).toMatch(`User "${user}" cannot`)
    }
    expect(await vsWeights('bookinfo', 'reviews')).toEqual(before)
    const records: ChangeList = await (
      await call(changes.GET, {}, { ...as('alice'), query: { service: reviews.id } })
    ).json()
    expect(records.items.map((r) => [r.actor.user, r.outcome, r.reason])).toEqual([
      ['carol', 'refused', 'forbidden'],
      ['bob', 'refused', 'forbidden'],
    ])
  })

  it('refuse carol a rollout of a service she may only read, before anything is written', async () => {
    const reviews = (await servicesSeenBy('carol', 'prod-eu')).find((s) => s.name === 'reviews')!
    const before = await vsWeights('bookinfo', 'reviews')
    const plan = { canary: 'v2', primary: 'v1', steps: [10, 50], intervalSeconds: 60 }
    const res = await call(
      rollouts.POST,
      { serviceId: reviews.id },
      { method: 'POST', ...as('carol'), json: { ...plan, mode: 'manual' } },
    )
    expect(res.status).toBe(403)
    expect(((await res.json()) as ApiErrorBody).error.message).toMatch('User "carol" cannot')
    expect(await vsWeights('bookinfo', 'reviews')).toEqual(before)
    const started = await call(rollouts.GET, { serviceId: reviews.id }, as('alice'))
    expect((await started.json()).items).toEqual([])
  })

  it('let bob change a service in shop, recorded as his', async () => {
    const checkout = (await servicesSeenBy('bob', 'prod-eu')).find((s) => s.name === 'checkout')!
    expect(checkout.capabilities!.write).toMatchObject({ allowed: true })
    const res = await put('bob', checkout, 10)
    expect(res.status).toBe(200)
    const records: ChangeList = await (
      await call(changes.GET, {}, { ...as('bob'), query: { service: checkout.id } })
    ).json()
    expect(records.items[0]).toMatchObject({
      actor: { user: 'bob', groups: ['shop-devs'] },
      identity: 'kubeconfig user prod-eu-meshpane impersonating bob',
      outcome: 'applied',
    })
  })
})

describe('AWS accounts, which cannot impersonate', () => {
  const frontend = async (user: Name) =>
    (await servicesSeenBy(user, 'platform/eu-west-1', 'appmesh')).find(
      (s) => s.name === 'frontend.storefront.local',
    )
  const assumedRoles = async () =>
    (await (await fetch(`${lab.info.control}/aws/assumed-roles`)).json()) as {
      roleArn: string
      sourceIdentity?: string
    }[]

  it("follow the config's group policy: hidden, read-only with the reason, or written under the group's role as the user", async () => {
    expect(await frontend('bob')).toBeUndefined()
    const carols = (await frontend('carol'))!
    expect(carols.capabilities!.write).toEqual({
      allowed: false,
      reason: 'AWS account platform: groups viewers may read here, not write',
    })
    const roles = (await assumedRoles()).length
    const refused = await put('carol', carols, 10)
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as ApiErrorBody).error.message).toMatch(
      /may read here, not write/,
    )

    const alices = (await frontend('alice'))!
    expect(alices.capabilities!.write).toEqual({ allowed: true })
    expect(alices.revision).toBe(carols.revision)
    expect((await put('alice', alices, 10)).status).toBe(200)
    expect((await assumedRoles()).slice(roles)).toEqual([
      expect.objectContaining({ roleArn: MESH_ADMINS_ROLE, sourceIdentity: 'alice' }),
    ])
  })
})
