// The install manifests as they render: a pod that runs locked down and can read every file its
// config names, probes on Meshpane's health endpoints, replicas only with PostgreSQL, a role that
// grants nothing beyond what Meshpane does, and an image that agrees with them.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '@/server/config/config'
import { listenProblem } from '@/server/config/listen'
import { BASE, POSTGRES, one, render, type Manifest } from './render'

let base: Manifest[]
let postgres: Manifest[]
beforeAll(async () => {
  ;[base, postgres] = await Promise.all([render(BASE), render(POSTGRES)])
})

const podOf = (objects: Manifest[]) => one(objects, 'Deployment', 'meshpane').spec.template
const containerOf = (objects: Manifest[]) => podOf(objects).spec.containers[0]
const rawConfig = (objects: Manifest[]) =>
  JSON.parse(one(objects, 'ConfigMap', 'meshpane-config').data['meshpane.json'])

type Mounted = { volume: Manifest; readOnly: boolean; key: string }

/** The volume and key a file path of the container lies in, or undefined if nothing mounts it. */
function mounted(objects: Manifest[], file: string): Mounted | undefined {
  const mount = (
    containerOf(objects).volumeMounts as { name: string; mountPath: string; readOnly?: boolean }[]
  )
    .filter((m) => file.startsWith(`${m.mountPath}/`))
    .sort((a, b) => b.mountPath.length - a.mountPath.length)[0]
  if (!mount) return undefined
  const volume = podOf(objects).spec.volumes.find((v: Manifest) => v.name === mount.name)
  return { volume, readOnly: mount.readOnly === true, key: file.slice(mount.mountPath.length + 1) }
}

/** The rendered ConfigMap or Secret a volume shows, holding `key`. */
function source(objects: Manifest[], m: Mounted) {
  const name = m.volume.secret?.secretName ?? m.volume.configMap?.name
  const object = objects.find(
    (o) => (o.kind === 'Secret' || o.kind === 'ConfigMap') && o.metadata.name === name,
  )
  return { object, holds: object !== undefined && m.key in (object.data ?? {}) }
}

describe.each([
  ['the base', () => base],
  ['the postgres overlay', () => postgres],
])('%s', (_, objects) => {
  it('runs the pod locked down: non-root, read-only root, no capabilities, seccomp', () => {
    const pod = podOf(objects()).spec
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    })
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0)
    expect(pod.hostNetwork ?? false).toBe(false)
    expect(pod.volumes.filter((v: Manifest) => v.hostPath)).toEqual([])
    for (const c of pod.containers)
      expect(c.securityContext).toEqual({
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      })
  })

  it('probes /healthz for life and /readyz for traffic, on the port the Service and policy open', () => {
    const o = objects()
    const c = containerOf(o)
    const port = c.ports.find((p: Manifest) => p.name === 'http').containerPort
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' })
    expect(c.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' })
    expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' })
    expect(one(o, 'Service', 'meshpane').spec.ports[0].targetPort).toBe('http')
    expect(one(o, 'NetworkPolicy', 'meshpane').spec.ingress).toEqual([
      { ports: [{ protocol: 'TCP', port }] },
    ])
    const labels = podOf(o).metadata.labels
    for (const selector of [
      one(o, 'Service', 'meshpane').spec.selector,
      one(o, 'PodDisruptionBudget', 'meshpane').spec.selector.matchLabels,
      one(o, 'NetworkPolicy', 'meshpane').spec.podSelector.matchLabels,
    ])
      expect(labels).toMatchObject(selector)
  })

  it('ships a config Meshpane loads and may serve every interface with, its files all mounted', () => {
    const o = objects()
    const env = Object.fromEntries(
      containerOf(o).env.map((e: { name: string; value: string }) => [e.name, e.value]),
    )
    const configMount = mounted(o, env.MESHPANE_CONFIG)!
    expect(source(o, configMount).holds).toBe(true)
    const file = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-config-')),
      'meshpane.json',
    )
    fs.writeFileSync(file, JSON.stringify(rawConfig(o)))
    const config = loadConfig({ MESHPANE_CONFIG: file })
    expect(listenProblem(config, { host: '0.0.0.0', port: 3000 })).toBeUndefined()

    const raw = rawConfig(o)
    const secretFiles = [
      raw.kubeconfig,
      raw.auth.clientSecretFile,
      raw.storage.postgresPasswordFile,
      env.AWS_CONFIG_FILE,
      env.AWS_SHARED_CREDENTIALS_FILE,
    ].filter(Boolean)
    for (const f of secretFiles) {
      const m = mounted(o, f)
      expect(m, f).toBeDefined()
      expect(m!.readOnly, f).toBe(true)
      expect(source(o, m!), f).toMatchObject({ object: { kind: 'Secret' }, holds: true })
    }
  })
})

describe('replicas and the audit store', () => {
  it('the base runs one replica on the embedded store, on a volume it keeps, one pod at a time', () => {
    const deployment = one(base, 'Deployment', 'meshpane')
    expect(deployment.spec.replicas).toBe(1)
    expect(deployment.spec.strategy.type).toBe('Recreate')
    const dir = rawConfig(base).storage.dir
    const m = mounted(base, `${dir}/x`)!
    expect(m.readOnly).toBe(false)
    expect(m.volume.persistentVolumeClaim.claimName).toBe(
      one(base, 'PersistentVolumeClaim', 'meshpane-data').metadata.name,
    )
  })

  it('more replicas come with PostgreSQL and without the embedded store’s volume', () => {
    expect(one(postgres, 'Deployment', 'meshpane').spec.replicas).toBeGreaterThan(1)
    expect(rawConfig(postgres).storage).toMatchObject({ postgresUrl: expect.any(String) })
    expect(rawConfig(postgres).storage.dir).toBeUndefined()
    expect(postgres.filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([])
    expect(podOf(postgres).spec.volumes.filter((v: Manifest) => v.persistentVolumeClaim)).toEqual(
      [],
    )
    // At most one pod down at a time, whatever the replica count.
    expect(one(postgres, 'PodDisruptionBudget', 'meshpane').spec).toMatchObject({
      maxUnavailable: 1,
    })
  })
})

describe('the ClusterRole', () => {
  const ROUTING = [
    'networking.istio.io/virtualservices',
    'gateway.networking.k8s.io/httproutes',
    'policy.linkerd.io/httproutes',
    'split.smi-spec.io/trafficsplits',
    'consul.hashicorp.com/servicesplitters',
  ]
  type Rule = {
    apiGroups?: string[]
    resources?: string[]
    verbs: string[]
    nonResourceURLs?: string[]
  }
  const grants = (verb: string) =>
    (one(base, 'ClusterRole', 'meshpane').rules as Rule[])
      .filter((r) => r.verbs.includes(verb) || r.verbs.includes('*'))
      .flatMap((r) => r.apiGroups!.flatMap((g) => r.resources!.map((res) => `${g}/${res}`)))

  it('writes only by patching the routing kinds, creates only access reviews, impersonates only people', () => {
    const rules = one(base, 'ClusterRole', 'meshpane').rules as Rule[]
    expect(
      rules
        .flatMap((r) => r.verbs)
        .filter((v) => !['get', 'list', 'watch', 'patch', 'impersonate', 'create'].includes(v)),
    ).toEqual([])
    expect(rules.filter((r) => r.nonResourceURLs)).toEqual([])
    expect(grants('patch').sort()).toEqual([...ROUTING].sort())
    expect(grants('create').sort()).toEqual([
      'authorization.k8s.io/selfsubjectaccessreviews',
      'authorization.k8s.io/subjectaccessreviews',
    ])
    expect(grants('impersonate').sort()).toEqual(['/groups', '/users'])
  })

  it('reads no Secrets or ConfigMaps, and nothing of the built-in groups by wildcard', () => {
    const reads = grants('get')
    for (const forbidden of ['/secrets', '/configmaps', '/*', 'apps/*', '*/*'])
      expect(reads).not.toContain(forbidden)
  })

  it('is bound to the service account the pod runs as', () => {
    const binding = one(base, 'ClusterRoleBinding', 'meshpane')
    const sa = one(base, 'ServiceAccount', 'meshpane')
    expect(binding.roleRef).toMatchObject({ kind: 'ClusterRole', name: 'meshpane' })
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: sa.metadata.name, namespace: 'meshpane' },
    ])
    expect(podOf(base).spec.serviceAccountName).toBe(sa.metadata.name)
  })
})

describe('the image and the manifests agree', () => {
  const dockerfile = fs.readFileSync(path.join(BASE, '..', '..', 'Dockerfile'), 'utf8')
  const stages = dockerfile.split(/^FROM /m).slice(1)
  const runtime = stages.at(-1)!

  it('runs the standalone server as the uid the pod asks for, and writes only where volumes are', () => {
    expect(stages.length).toBeGreaterThan(1)
    expect(runtime).not.toMatch(/npm (ci|install)/)
    expect(runtime).toMatch(/COPY --from=build \S+\/\.next\/standalone \.\//)
    expect(runtime).toMatch(/^CMD \["node", "server\.js"\]$/m)
    const uid = Number(runtime.match(/^USER (\d+):(\d+)$/m)?.[1])
    expect(uid).toBe(podOf(base).spec.securityContext.runAsUser)
    const workdir = runtime.match(/^WORKDIR (\S+)$/m)![1]
    const cache = mounted(base, `${workdir}/.next/cache/x`)!
    expect(cache.volume.emptyDir).toBeDefined()
    expect(mounted(base, '/tmp/x')!.volume.emptyDir).toBeDefined()
  })
})
