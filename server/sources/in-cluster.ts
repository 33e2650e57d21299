import 'server-only'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { KubeConfig } from '@kubernetes/client-node'
import { sourceId } from '@/lib/ids'
import type { MeshpaneConfig } from '@/server/config/config'
import { urlHost } from '@/server/config/listen'
import { KubeClient } from './kube-client'
import { SERVICE_ACCOUNT_PROVIDER, ServiceAccountToken } from './service-account-token'
import type { KubeSource } from './source'

type Env = Record<string, string | undefined>

/**
 * The cluster Meshpane runs in, as a source reached with the pod's service account: only when
 * Kubernetes told the pod where its API server is (KUBERNETES_SERVICE_HOST/PORT) and mounted the
 * service account (`token`, `ca.crt`, `namespace`; none with automountServiceAccountToken: false).
 * Reads no token and never connects here.
 */
export function inClusterSource(
  config: Pick<MeshpaneConfig, 'inCluster' | 'sourceTimeoutMs'>,
  env: Env = process.env,
): KubeSource | undefined {
  const { enabled, name, serviceAccountDir: dir } = config.inCluster
  const host = env.KUBERNETES_SERVICE_HOST
  const port = env.KUBERNETES_SERVICE_PORT
  const file = (f: string) => path.join(dir, f)
  if (!enabled || !host || !port) return undefined
  if (!['token', 'ca.crt', 'namespace'].every((f) => existsSync(file(f)))) return undefined

  const server = `https://${urlHost(host)}:${port}`
  const namespace = readFileSync(file('namespace'), 'utf8').trim()
  const kc = new KubeConfig()
  kc.loadFromOptions({
    clusters: [{ name, server, caFile: file('ca.crt'), skipTLSVerify: false }],
    users: [{ name, authProvider: { name: SERVICE_ACCOUNT_PROVIDER } }],
    contexts: [{ name, cluster: name, user: name, namespace }],
    currentContext: name,
  })
  kc.addAuthenticator(new ServiceAccountToken(file('token')))
  const key = { kind: 'kubernetes' as const, name }
  return {
    kind: 'kubernetes',
    key,
    ref: { id: sourceId(key), name, kind: 'kubernetes' },
    endpoint: server,
    identity: `service account ${serviceAccountOf(file('token')) ?? `of namespace ${namespace}`}`,
    kube: new KubeClient(kc, name, server, config.sourceTimeoutMs),
  }
}

/** `namespace/name` from the token's `sub` claim (`system:serviceaccount:<ns>:<name>`), for records. */
function serviceAccountOf(tokenFile: string): string | undefined {
  const payload = readFileSync(tokenFile, 'utf8').trim().split('.')[1] ?? ''
  try {
    const sub: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')).sub
    const match = typeof sub === 'string' && /^system:serviceaccount:([^:]+):([^:]+)$/.exec(sub)
    return match ? `${match[1]}/${match[2]}` : undefined
  } catch {
    return undefined // not a JWT: the namespace says enough
  }
}
