import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLabProcess, type LabProcess } from '@/server/fixtures/lab-process'
import {
  expiredToken,
  IN_CLUSTER_SCENARIO,
  serviceAccountDir,
  serviceAccountToken,
  type ServiceAccountDir,
} from '@/server/fixtures/service-account'
import { SERVICE_ACCOUNT_DIR } from '@/server/config/in-cluster'
import { inClusterSource } from './in-cluster'
import { clusterSources } from './sources'

let lab: LabProcess
let account: ServiceAccountDir
let env: Record<string, string>

const config = (serviceAccountDir: string, name = 'in-cluster') => ({
  sourceTimeoutMs: 3000,
  inCluster: { enabled: true, name, serviceAccountDir },
})
const signal = () => AbortSignal.timeout(5000)

beforeAll(async () => {
  lab = await startLabProcess({ scenarioPath: IN_CLUSTER_SCENARIO })
  const home = new URL(lab.info.clusters.home!.server)
  // What the kubelet sets in every pod: the API server's Service address.
  env = { KUBERNETES_SERVICE_HOST: home.hostname, KUBERNETES_SERVICE_PORT: home.port }
  account = serviceAccountDir(path.join(lab.dir, 'ca.crt'), serviceAccountToken())
})
afterAll(async () => {
  account?.remove()
  await lab?.stop()
})

describe('in-cluster mode', () => {
  it('makes the cluster Meshpane runs in a source, acting as the pod service account', async () => {
    const source = inClusterSource(config(account.dir), env)!
    expect(source.ref.name).toBe('in-cluster')
    expect(source.endpoint).toBe(lab.info.clusters.home!.server.replace(/\/$/, ''))
    expect(source.identity).toBe('service account meshpane/meshpane')
    const list = await source.kube.get<{ items: { metadata: { name: string } }[] }>(
      '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices',
      signal(),
    )
    expect(list.items.map((vs) => vs.metadata.name)).toEqual(['reviews'])
    // Its role, not cluster-admin's: ConfigMaps are not Meshpane's to read.
    await expect(
      source.kube.get('/api/v1/namespaces/bookinfo/configmaps', signal()),
    ).rejects.toThrow(
      /User "system:serviceaccount:meshpane:meshpane" cannot list resource "configmaps"/,
    )
  })

  it('is named by the config, beside the kubeconfig contexts, and refuses a name they use', () => {
    const both = { ...config(account.dir, 'mgmt'), kubeconfig: lab.kubeconfigPath }
    expect(clusterSources(both, env).map((s) => s.ref.name)).toEqual(['mgmt', 'home'])
    expect(() =>
      clusterSources({ ...both, inCluster: { ...both.inCluster, name: 'home' } }, env),
    ).toThrow(/field "inCluster.name": "home" is also a context of the kubeconfig/)
  })

  it('reads the token again when the kubelet rotates it, without a restart', async () => {
    const rotating = serviceAccountDir(path.join(lab.dir, 'ca.crt'), expiredToken())
    try {
      const source = inClusterSource(config(rotating.dir), env)!
      await expect(source.kube.get('/api/v1/namespaces', signal())).rejects.toThrow(
        /401|nauthorized/,
      )
      rotating.rotate(serviceAccountToken())
      await expect(source.kube.get('/api/v1/namespaces', signal())).resolves.toMatchObject({
        kind: 'NamespaceList',
      })
    } finally {
      rotating.remove()
    }
  })

  it('is no source outside a pod, without the service account mounted, or when disabled', () => {
    expect(inClusterSource(config(account.dir), {})).toBeUndefined()
    expect(inClusterSource(config(path.join(account.dir, 'none')), env)).toBeUndefined()
    const off = {
      ...config(account.dir),
      inCluster: { ...config(account.dir).inCluster, enabled: false },
    }
    expect(inClusterSource(off, env)).toBeUndefined()
    expect(config(SERVICE_ACCOUNT_DIR).inCluster.serviceAccountDir).toBe(
      '/var/run/secrets/kubernetes.io/serviceaccount',
    )
  })
})
