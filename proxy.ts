import { NextResponse, type NextRequest } from 'next/server'
import type { ApiErrorBody } from '@/lib/schemas'
import { loadConfig, type MeshpaneConfig } from '@/server/config/config'
import { listenAddress } from '@/server/config/listen'
import {
  refusalOf,
  requestFacts,
  requestPolicy,
  type Refusal,
  type RequestPolicy,
} from '@/server/http/request-policy'
import { contentSecurityPolicy, SECURITY_HEADERS } from '@/server/http/security-headers'

let policy: RequestPolicy | undefined
let formTargets: string[] | undefined

/** Sign out posts a form whose answer redirects to the provider's end-session endpoint. */
const providerOrigins = ({ auth }: MeshpaneConfig): string[] =>
  auth.strategy === 'oidc' ? [new URL(auth.issuer).origin] : []

/**
 * Every request passes here first: one with a Host not ours, or a write from another site or
 * not in JSON, is refused before any handler runs (so nothing is read or written); the rest go
 * on with a fresh CSP nonce, which Next reads from the request's CSP header for its scripts.
 */
export function proxy(request: NextRequest) {
  if (!policy || !formTargets) {
    const config = loadConfig()
    policy = requestPolicy(config, listenAddress())
    formTargets = providerOrigins(config)
  }
  const facts = requestFacts(request.method, request.nextUrl.pathname, request.headers)
  const refusal = refusalOf(facts, policy)
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64')
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development', formTargets)
  const response = refusal
    ? refuse(request, refusal)
    : NextResponse.next({ request: { headers: withCsp(request.headers, csp) } })
  response.headers.set('Content-Security-Policy', csp)
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value)
  return response
}

function withCsp(headers: Headers, csp: string): Headers {
  const next = new Headers(headers)
  next.set('Content-Security-Policy', csp)
  return next
}

/** The refusal as the API's error body, and one JSON line on stdout so an operator sees attempts. */
function refuse(request: NextRequest, { status, code, message }: Refusal): NextResponse {
  console.log(
    JSON.stringify({
      event: 'request-refused',
      time: new Date().toISOString(),
      method: request.method,
      path: request.nextUrl.pathname,
      host: request.headers.get('host'),
      origin: request.headers.get('origin'),
      status,
      message,
    }),
  )
  const body: ApiErrorBody = { error: { code, message } }
  return NextResponse.json(body, { status, headers: { 'Cache-Control': 'no-store' } })
}

export const config = {
  // Static chunks are the same for everyone and carry no data: they skip the checks.
  matcher: ['/((?!_next/static|_next/image).*)'],
}
