import 'server-only'
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { KubeConfig } from '@kubernetes/client-node'
import { sourceId } from '@/lib/ids'
import { ConfigError, type MeshpaneConfig } from '@/server/config/config'
import { parseErrorMessage, safeUrl } from '@/server/redact'
import { inClusterSource } from './in-cluster'
import { KubeClient } from './kube-client'
import type { KubeSource } from './source'

/**
 * Every Kubernetes source: the cluster Meshpane runs in (when it runs in one), then the
 * kubeconfig's contexts. Two sources of one name would be one id: refused, naming the field.
 */
export function clusterSources(
  config: Pick<MeshpaneConfig, 'kubeconfig' | 'contexts' | 'sourceTimeoutMs' | 'inCluster'>,
  env: Record<string, string | undefined> = process.env,
): KubeSource[] {
  const local = inClusterSource(config, env)
  const remote = kubeSources(config)
  if (local && remote.some((s) => s.ref.name === local.ref.name))
    throw new ConfigError(
      `field "inCluster.name": "${local.ref.name}" is also a context of the kubeconfig: give the cluster Meshpane runs in another name`,
    )
  return local ? [local, ...remote] : remote
}

/**
 * One source per kubeconfig context (or per context the config names). Reads the kubeconfig
 * files but never connects: a dead cluster cannot stop this.
 */
export function kubeSources(
  config: Pick<MeshpaneConfig, 'kubeconfig' | 'contexts' | 'sourceTimeoutMs'>,
): KubeSource[] {
  const kc = new KubeConfig()
  try {
    if (config.kubeconfig) kc.loadFromFile(config.kubeconfig)
    else if (hasDefaultKubeconfig())
      kc.loadFromDefault() // KUBECONFIG (files merged), ~/.kube/config
    else return [] // client-node would invent a localhost:8080 context; kubectl shows none either
  } catch (err) {
    throw new ConfigError(
      `kubeconfig ${config.kubeconfig ?? process.env.KUBECONFIG ?? '~/.kube/config'}: ${parseErrorMessage(err)}`,
    )
  }
  const known = kc.getContexts().map((c) => c.name)
  const names = config.contexts ?? known
  const missing = names.findIndex((n) => !known.includes(n))
  if (missing >= 0)
    throw new ConfigError(
      `field "contexts.${missing}": context "${names[missing]}" is not in the kubeconfig (has: ${known.join(', ')})`,
    )
  return names.map((name) => contextSource(kc, name, config.sourceTimeoutMs))
}

/** The pod's own cluster is not a kubeconfig context here: in-cluster.ts makes it a source. */
function hasDefaultKubeconfig(): boolean {
  return Boolean(process.env.KUBECONFIG || existsSync(path.join(os.homedir(), '.kube', 'config')))
}

function contextSource(all: KubeConfig, name: string, timeoutMs: number): KubeSource {
  const kc = new KubeConfig()
  kc.loadFromOptions({
    clusters: all.clusters,
    users: all.users,
    contexts: all.contexts,
    currentContext: name,
  })
  const server = kc.getCurrentCluster()?.server ?? ''
  const key = { kind: 'kubernetes' as const, name }
  return {
    kind: 'kubernetes',
    key,
    ref: { id: sourceId(key), name, kind: 'kubernetes' },
    endpoint: safeUrl(server),
    identity: `kubeconfig user ${kc.getCurrentUser()?.name ?? '(none)'}`,
    kube: new KubeClient(kc, name, server, timeoutMs),
  }
}
