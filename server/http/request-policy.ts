import 'server-only'
import type { ErrorCode } from '@/lib/schemas'
import type { MeshpaneConfig } from '@/server/config/config'
import { isLoopback, urlHost, type ListenAddress } from '@/server/config/listen'
import { mediaType } from './body'

/**
 * Where requests may come from: the origins a write may carry, the Host values answered exactly
 * (`hosts`) and the names answered at any port (`names`, allowedHosts without a port).
 */
export type RequestPolicy = {
  origins: ReadonlySet<string>
  hosts: ReadonlySet<string>
  names: ReadonlySet<string>
}

/** What the decision reads of a request: its method and these headers. */
export type RequestFacts = {
  method: string
  path: string
  host: string | null
  origin: string | null
  secFetchSite: string | null
  contentType: string | null
  authorization: string | null
  cookie: string | null
}

export type Refusal = { status: 403 | 415; code: ErrorCode; message: string }

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]']

/**
 * The policy for a config and listen address. `publicOrigin`, when set, is the only origin; else
 * the listen address's (on loopback, under each loopback name, as a browser may use any of them).
 * Hosts: the origins' hosts, `allowedHosts`, and the loopback names at the port listened on.
 */
export function requestPolicy(config: MeshpaneConfig, listen: ListenAddress): RequestPolicy {
  const listened = isLoopback(listen.host) ? LOOPBACK_NAMES : [urlHost(listen.host)]
  const origins = config.publicOrigin
    ? [config.publicOrigin]
    : listened.map((host) => `http://${host}:${listen.port}`)
  const allowed = (config.allowedHosts ?? []).map((h) => h.toLowerCase())
  const hosts = [
    ...origins.map((o) => new URL(o).host),
    ...allowed,
    ...LOOPBACK_NAMES.map((name) => `${name}:${listen.port}`),
  ]
  const names = allowed.filter((h) => !h.includes(':'))
  return { origins: new Set(origins), hosts: new Set(hosts), names: new Set(names) }
}

/** The request's facts from its headers. */
export const requestFacts = (method: string, path: string, headers: Headers): RequestFacts => ({
  method,
  path,
  host: headers.get('host'),
  origin: headers.get('origin'),
  secFetchSite: headers.get('sec-fetch-site'),
  contentType: headers.get('content-type'),
  authorization: headers.get('authorization'),
  cookie: headers.get('cookie'),
})

/** Why the request is refused before any handler runs, or undefined when it may go on. */
export function refusalOf(facts: RequestFacts, policy: RequestPolicy): Refusal | undefined {
  return (
    hostRefusal(facts.host, policy) ??
    (isSafe(facts.method) ? undefined : (originRefusal(facts, policy) ?? typeRefusal(facts)))
  )
}

const isSafe = (method: string) => method === 'GET' || method === 'HEAD'

/**
 * A Host that is none of ours is a page on another site reaching us under its own name after
 * re-pointing its DNS at this address (DNS rebinding): refused, even for reads. An entry of
 * `allowedHosts` without a port allows that name at any port.
 */
function hostRefusal(host: string | null, policy: RequestPolicy): Refusal | undefined {
  const given = host?.toLowerCase() ?? ''
  const hostname = URL.canParse(`http://${given}`) && new URL(`http://${given}`).hostname
  if (hostname && (policy.hosts.has(given) || policy.names.has(hostname))) return undefined
  return {
    status: 403,
    code: 'forbidden',
    message: `Host "${host ?? ''}" is not an address of this Meshpane: reach it at its public origin, or add the name to allowedHosts`,
  }
}

/**
 * A write a browser could send on its own must come from our origin. Browsers mark what they
 * send: an `Origin` on every cross-origin write, `Sec-Fetch-Site` on every request. So a foreign
 * `Origin` (including `null`) or a `Sec-Fetch-Site` other than same-origin is refused whatever
 * the credentials; with neither, a request carrying a cookie is refused (the browser may be old
 * or the request forged), while a bearer token or no credentials at all means a script.
 */
function originRefusal(facts: RequestFacts, policy: RequestPolicy): Refusal | undefined {
  const refuse = (why: string): Refusal => ({
    status: 403,
    code: 'forbidden',
    message: `${why}: pages may write only from ${[...policy.origins][0]} (set publicOrigin to the URL people use)`,
  })
  if (facts.origin !== null)
    return policy.origins.has(facts.origin)
      ? undefined
      : refuse(`a request from origin "${facts.origin}" may not change anything here`)
  if (facts.secFetchSite !== null)
    return facts.secFetchSite === 'same-origin'
      ? undefined
      : refuse(`a ${facts.secFetchSite} request may not change anything here`)
  if (facts.cookie !== null && !isBearer(facts.authorization))
    return refuse('a request with a cookie and no Origin may not change anything here')
  return undefined
}

const isBearer = (authorization: string | null) => /^bearer\s+\S/i.test(authorization ?? '')

/** The header's Sign out button is a plain form post (its answer sends the browser to the provider). */
const FORM_POSTS = new Set(['/api/auth/logout'])

/**
 * Every other non-GET takes JSON bodies only, body or not: a form or text/plain is what a page can
 * send cross-site without asking. The sign-out form still passes the origin check above.
 */
function typeRefusal(facts: RequestFacts): Refusal | undefined {
  const type = mediaType(facts.contentType)
  if (type === 'application/json') return undefined
  if (type === 'application/x-www-form-urlencoded' && FORM_POSTS.has(facts.path)) return undefined
  return {
    status: 415,
    code: 'unsupported_media_type',
    message: `send ${facts.method} requests as application/json (got ${type ?? 'no content type'})`,
  }
}
