import 'server-only'
import { isIP } from 'node:net'
import type { MeshpaneConfig } from './config'

/** The address Meshpane's server listens on, as the start script told it. */
export type ListenAddress = { host: string; port: number }

/**
 * `npm start` (scripts/start.sh) exports the host it binds the server to; without it, Next
 * listens on every interface, so that is what is assumed. Next sets PORT once it listens.
 */
export function listenAddress(
  env: Record<string, string | undefined> = process.env,
): ListenAddress {
  return { host: env.MESHPANE_LISTEN_HOST || '0.0.0.0', port: Number(env.PORT) || 3000 }
}

/** 127.0.0.0/8, ::1 and localhost: reachable from this machine only. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  if (bare === 'localhost' || bare === '::1') return true
  return isIP(bare) === 4 && bare.startsWith('127.')
}

const isWildcard = (host: string) => ['0.0.0.0', '::', '[::]'].includes(host)

/** `host` as it appears in a URL (an IPv6 address in brackets). */
export const urlHost = (host: string) => (isIP(host) === 6 ? `[${host}]` : host)

/**
 * Why Meshpane must not start on this address with this config, or undefined. Without sign-in
 * anyone who reaches the port acts with Meshpane's own credentials, so only this machine may.
 */
export function listenProblem(config: MeshpaneConfig, listen: ListenAddress): string | undefined {
  if (config.auth.strategy === 'none' && !isLoopback(listen.host))
    return (
      `auth.strategy is "none" (no sign-in: anyone who reaches ${urlHost(listen.host)}:${listen.port} ` +
      `would act with Meshpane's own kubeconfig and AWS identity), so Meshpane listens on a ` +
      `loopback address only. Either start it on 127.0.0.1 (the default of npm start, without ` +
      `HOST) or configure sign-in in meshpane.json: "auth": { "strategy": "oidc", ... } or ` +
      `{ "strategy": "proxy", ... }, with "publicOrigin" set to the URL people use`
    )
  if (isWildcard(listen.host) && !config.publicOrigin)
    return (
      `Meshpane listens on every interface (${listen.host}) but meshpane.json sets no ` +
      `"publicOrigin": set it to the URL people reach Meshpane at (e.g. ` +
      `"https://meshpane.example.com"), so requests from any other site can be refused`
    )
  return undefined
}
