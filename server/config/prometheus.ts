import 'server-only'
import path from 'node:path'
import { z } from 'zod'
import { HealthThresholdsOverride } from '@/lib/schemas/metrics'

const Window = z
  .string()
  .regex(/^\d+[smhd]$/)
  .default('1m')
const SecretFile = z.string().min(1)

const hasUserinfo = (url: string) => {
  if (!URL.canParse(url)) return false
  const { username, password } = new URL(url)
  return Boolean(username || password)
}

/**
 * The `prometheus` section: where Prometheus (or Thanos, Mimir) answers, and how to authenticate
 * the way Prometheus' own `http_config` does (basic auth, an Authorization header, a CA, TLS
 * checks skipped) — with every secret in a file, never in the config or the URL.
 */
export const PrometheusConfig = z
  .object({
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .refine((url) => !hasUserinfo(url), {
        error: 'must not carry credentials (user:password@): use basicAuth with a passwordFile',
      }),
    basicAuth: z
      .object({ username: z.string().min(1), passwordFile: SecretFile })
      .strict()
      .optional(),
    /** `Authorization: <type> <credentials>`; Prometheus' bearer_token_file is this with type Bearer. */
    authorization: z
      .object({
        type: z
          .string()
          .regex(/^[A-Za-z][A-Za-z0-9-]*$/, { error: 'must be an auth scheme such as Bearer' })
          .default('Bearer'),
        credentialsFile: SecretFile,
      })
      .strict()
      .optional(),
    tls: z
      .object({
        /** CA certificates (PEM) Prometheus' certificate must chain to, instead of the system's. */
        caFile: z.string().min(1).optional(),
        insecureSkipVerify: z.boolean().default(false),
      })
      .strict()
      .optional(),
    /** Rate window of charts and current values (short: a split change shows within seconds). */
    rateWindow: Window,
    /** Window the health verdict and service-list figures stand on. */
    healthWindow: Window,
    timeoutMs: z.number().int().positive().default(3000),
    /** Canary thresholds: defaults for every service, then per service (`namespace/name`). */
    health: HealthThresholdsOverride.optional(),
    services: z.record(z.string(), HealthThresholdsOverride).optional(),
  })
  .refine((p) => !(p.basicAuth && p.authorization), {
    error: 'give basicAuth or authorization, not both',
    path: ['authorization'],
  })
export type PrometheusConfig = z.infer<typeof PrometheusConfig>

/** The section's files, resolved against the folder of the config file that names them. */
export function resolvePrometheusPaths(p: PrometheusConfig, dir: string): PrometheusConfig {
  const at = (file: string) => path.resolve(dir, file)
  return {
    ...p,
    ...(p.basicAuth && {
      basicAuth: { ...p.basicAuth, passwordFile: at(p.basicAuth.passwordFile) },
    }),
    ...(p.authorization && {
      authorization: { ...p.authorization, credentialsFile: at(p.authorization.credentialsFile) },
    }),
    ...(p.tls?.caFile && { tls: { ...p.tls, caFile: at(p.tls.caFile) } }),
  }
}
