// startLab: the whole emulated world from a scenario file, in-process (tests) or behind lab/cli.ts.
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import type { Server } from 'node:http'
import { startAppMeshLab, type AppMeshLab } from './appmesh'
import { assumedRoleRoutes } from './appmesh/assumed-roles'
import type { AwsFault } from './appmesh/scenario'
import { generateCerts } from './certs'
import { BehaviourKnobs } from './traffic/behaviour-knobs'
import {
  countRoutes,
  faultRoutes,
  requestCountRoutes,
  startControl,
  type ControlRoute,
} from './control'
import { expandCluster } from './expand'
import { writeLabFiles } from './files'
import type { Identity } from './kube/auth'
import { reconcile } from './kube/controller'
import { applyDefaults } from './kube/defaults'
import { MESHPANE_POLICY, MESHPANE_USER } from './kube/rbac/policy'
import { findByKind, typeKey, type ResourceType } from './kube/resources'
import { KubeCluster, type FaultMode } from './kube/server'
import type { KubeObject } from './kube/types'
import { startOidcProvider, type LabOidc, type OidcOptions } from './oidc/provider'
import { tokenRoutes } from './oidc/tokens'
import { loadScenario, ScenarioError, type ClusterSpec, type Scenario } from './scenario'
import {
  prometheusRoutes,
  startLabMetrics,
  type LabMetrics,
  type LabMetricsOptions,
} from './traffic/lab-metrics'

export const DEFAULT_SCENARIO = resolve(__dirname, 'scenarios/demo.yaml')

export interface LabOptions {
  scenarioPath?: string
  dir?: string
  faults?: Record<string, FaultMode>
  controlPort?: number
  historyLimit?: number // watch history per cluster (small values make 410s easy to provoke)
  bookmarkIntervalMs?: number
  extraControlRoutes?: ControlRoute[]
  /** Traffic model and Prometheus (issue 5). */
  metrics?: LabMetricsOptions
  /** App Mesh fault knobs by `<account>` or `<account>/<region>` (issue 4). */
  awsFaults?: Record<string, AwsFault>
  /** The OpenID Connect provider: Meshpane's origins, for its redirect URIs (issue 9). */
  oidc?: Pick<OidcOptions, 'appOrigins'>
}

export interface LabCluster {
  name: string
  server: string
  context: string
  token: string // the admin's, in system:masters
  meshpaneToken: string // Meshpane's own identity, bound to ClusterRole meshpane
  kube: KubeCluster
}

export interface Lab {
  scenario: Scenario
  clusters: Record<string, LabCluster>
  controlUrl: string
  dir: string
  kubeconfigPath: string // as admin (system:masters), one context per cluster
  meshpaneKubeconfigPath: string // as Meshpane's own identity, the one meshpane.json names
  caCert: string
  metrics: LabMetrics
  /** The App Mesh + STS endpoint, when the scenario has an `aws:` section. */
  aws?: AppMeshLab
  /** The OpenID Connect provider with the scenario's people. */
  oidc: LabOidc
  setFault(cluster: string, mode: FaultMode): Promise<void>
  stop(): Promise<void>
}

/** The type a scenario object is stored as, or why the cluster cannot store it. */
function servedType(servedTypes: ResourceType[], obj: KubeObject): ResourceType | string {
  const t = findByKind(obj.apiVersion ?? '', obj.kind ?? '')
  if (!t) return `unknown kind ${obj.apiVersion} ${obj.kind}`
  const served = servedTypes.find((s) => typeKey(s) === typeKey(t))
  if (!served) return 'its CRD is not installed (declare the mesh)'
  if (!served.versions.includes(obj.apiVersion?.split('/').at(-1) ?? ''))
    return `${obj.apiVersion} is not served here (its CRD serves ${served.versions.join(', ')})`
  return served
}

/** Meshpane's role, the scenario's world-wide RBAC, then the cluster's own objects. */
function seed(kube: KubeCluster, scenario: Scenario, spec: ClusterSpec, where: string) {
  const objects = [...MESHPANE_POLICY, ...scenario.rbac, ...expandCluster(spec, where)]
  // What the cluster serves changes only with its CRDs.
  let servedTypes = kube.servedTypes()
  objects.forEach((obj, i) => {
    const served = servedType(servedTypes, obj)
    if (typeof served === 'string')
      throw new ScenarioError(`${where}: object ${i} (${obj.kind} ${obj.metadata.name}): ${served}`)
    const o = structuredClone(obj)
    if (served.namespaced) o.metadata.namespace ??= 'default'
    else delete o.metadata.namespace
    applyDefaults(o)
    kube.store.create(served, o)
    if (served.kind === 'CustomResourceDefinition') servedTypes = kube.servedTypes()
  })
  reconcile(kube.store)
}

export async function startLab(options: LabOptions = {}): Promise<Lab> {
  const scenarioPath = options.scenarioPath ?? DEFAULT_SCENARIO
  const scenario = loadScenario(scenarioPath)
  const certs = generateCerts()
  const tls = { key: certs.serverKey, cert: certs.serverCert }
  const clusters: Record<string, LabCluster> = {}
  const kubes = new Map<string, KubeCluster>()
  let control: Server | undefined
  let metrics: LabMetrics | undefined
  let aws: AppMeshLab | undefined
  let oidc: LabOidc | undefined
  const dir = resolve(options.dir ?? '.lab')
  const stop = async () => {
    await metrics?.stop()
    await aws?.close()
    await oidc?.close()
    control?.close()
    control?.closeAllConnections()
    await Promise.all([...kubes.values()].map((k) => k.stop()))
  }
  try {
    for (const [i, spec] of scenario.clusters.entries()) {
      const token = randomBytes(24).toString('hex')
      const meshpaneToken = randomBytes(24).toString('hex')
      const identities: Identity[] = [
        { user: 'admin', token, groups: ['system:masters'] },
        { user: MESHPANE_USER, token: meshpaneToken, groups: [] },
        ...spec.access,
      ]
      const kube = new KubeCluster({
        name: spec.name,
        identities,
        tls,
        kubernetesVersion: spec.kubernetesVersion,
        idleTimeoutMs: spec.idleTimeoutMs,
        historyLimit: options.historyLimit,
        bookmarkIntervalMs: options.bookmarkIntervalMs,
      })
      kubes.set(spec.name, kube)
      seed(kube, scenario, spec, `${scenarioPath}: clusters.${i} (${spec.name})`)
      await kube.listen()
      clusters[spec.name] = {
        name: spec.name,
        server: kube.url,
        context: spec.name,
        token,
        meshpaneToken,
        kube,
      }
    }
    for (const [name, mode] of Object.entries(options.faults ?? {})) {
      const kube = kubes.get(name)
      if (!kube) throw new ScenarioError(`--fault: no cluster named "${name}" in ${scenarioPath}`)
      await kube.setFault(mode)
    }
    if (scenario.aws) aws = await startAppMeshLab({ aws: scenario.aws, dir })
    for (const [key, mode] of Object.entries(options.awsFaults ?? {})) {
      if (!aws) throw new ScenarioError(`--aws-fault: ${scenarioPath} has no aws section`)
      aws.faults.set(key, mode)
    }
    const knobs = new BehaviourKnobs()
    oidc = await startOidcProvider({ ...options.oidc, people: scenario.people, tls })
    control = await startControl(
      [
        ...faultRoutes(kubes),
        ...countRoutes(kubes),
        ...requestCountRoutes(kubes),
        ...tokenRoutes(oidc),
        ...assumedRoleRoutes(aws),
        ...prometheusRoutes(() => metrics),
        ...knobs.routes(),
        ...(options.extraControlRoutes ?? []),
      ],
      options.controlPort,
    )
    const stores = Object.values(clusters).map((c) => ({ name: c.name, store: c.kube.store }))
    metrics = await startLabMetrics(scenario, stores, dir, options.metrics, aws, knobs)
  } catch (e) {
    await stop()
    throw e
  }
  const address = control.address()
  const controlUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  const entries = Object.values(clusters).map((c) => ({
    name: c.name,
    server: c.server,
    token: c.token,
    meshpaneToken: c.meshpaneToken,
  }))
  const { kubeconfigPath, meshpaneKubeconfigPath } = writeLabFiles({
    dir,
    clusters: entries,
    caPem: certs.caCert,
    controlUrl,
    oidc: oidc!,
    prometheus: metrics!.prometheus,
    aws: aws?.config,
  })
  return {
    scenario,
    clusters,
    controlUrl,
    dir,
    kubeconfigPath,
    meshpaneKubeconfigPath,
    caCert: certs.caCert,
    metrics: metrics!,
    aws,
    oidc: oidc!,
    setFault: (name, mode) => {
      const kube = kubes.get(name)
      if (!kube) throw new Error(`no cluster named "${name}"`)
      return kube.setFault(mode)
    },
    stop,
  }
}
