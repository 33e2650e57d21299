import 'server-only'
import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { parseErrorMessage } from '@/server/redact'
import { AuthConfig, resolveAuthPaths } from './auth'
import { AwsConfig, resolveAwsPaths } from './aws'
import { InClusterConfig, resolveInClusterPaths } from './in-cluster'
import { PrometheusConfig, resolvePrometheusPaths } from './prometheus'
import { resolveRolloutsPaths, RolloutsConfig } from './rollouts'
import { resolveStoragePaths, StorageConfig } from './storage'

export const MeshpaneConfig = z.object({
  /** A kubeconfig file; without it, KUBECONFIG (several files allowed) or ~/.kube/config. */
  kubeconfig: z.string().min(1).optional(),
  /** The contexts to use as sources; default: every context. */
  contexts: z.array(z.string().min(1)).optional(),
  sourceTimeoutMs: z.number().int().positive().max(120_000).default(3000),
  /** The cluster Meshpane runs in, as its service account: see in-cluster.ts. */
  inCluster: InClusterConfig,
  prometheus: PrometheusConfig.optional(),
  /** AWS accounts (profiles, optional role) and their regions: each account×region is a source. */
  aws: AwsConfig.optional(),
  /** Where the audit trail lives: an embedded database in `dir`, or a shared PostgreSQL. */
  storage: StorageConfig,
  /** Sign-in: none (Meshpane's own identity), oidc, or an authenticating proxy. */
  auth: AuthConfig,
  /** The URL people reach Meshpane at; writes from any other origin are refused. */
  publicOrigin: z
    .url({ protocol: /^https?$/ })
    .refine((url) => URL.canParse(url) && new URL(url).href === `${new URL(url).origin}/`, {
      error: 'must be an origin only (scheme, host and port), e.g. https://meshpane.example.com',
    })
    .transform((url) => new URL(url).origin)
    .optional(),
  /** Further Host header values answered (name, or name:port), e.g. behind a load balancer. */
  allowedHosts: z.array(z.string().min(1)).optional(),
  /** Rollouts: webhooks and how often the engine runs. */
  rollouts: RolloutsConfig,
  /** Every write refused, the UI read-only: for wall screens and audits. */
  viewOnly: z.boolean().default(false),
})
export type MeshpaneConfig = z.infer<typeof MeshpaneConfig>

/** The config file is unreadable or wrong; the message names the file and the field. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

/**
 * The Meshpane config: the JSON file named by MESHPANE_CONFIG, else defaults (every context of
 * the user's kubeconfig, data in `.meshpane-data` where Meshpane was started). Relative paths in
 * the file resolve against the file's folder.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): MeshpaneConfig {
  const file = env.MESHPANE_CONFIG
  if (!file) {
    const defaults = MeshpaneConfig.parse({})
    // The standalone server changes into its own folder: start.sh says where it was started.
    const dir = env.MESHPANE_START_DIR || process.cwd()
    return { ...defaults, storage: resolveStoragePaths(defaults.storage, dir) }
  }
  let raw: unknown
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (err) {
    throw new ConfigError(`MESHPANE_CONFIG ${file}: ${parseErrorMessage(err)}`)
  }
  const parsed = MeshpaneConfig.safeParse(raw)
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (i) => `field "${i.path.join('.') || '(root)'}": ${i.message}`,
    )
    throw new ConfigError(`MESHPANE_CONFIG ${file}: ${issues.join('; ')}`)
  }
  const config = parsed.data
  const dir = path.dirname(path.resolve(file))
  return {
    ...config,
    ...(config.kubeconfig ? { kubeconfig: path.resolve(dir, config.kubeconfig) } : {}),
    ...(config.aws ? { aws: resolveAwsPaths(config.aws, dir) } : {}),
    ...(config.prometheus ? { prometheus: resolvePrometheusPaths(config.prometheus, dir) } : {}),
    storage: resolveStoragePaths(config.storage, dir),
    auth: resolveAuthPaths(config.auth, dir),
    inCluster: resolveInClusterPaths(config.inCluster, dir),
    rollouts: resolveRolloutsPaths(config.rollouts, dir),
  }
}
