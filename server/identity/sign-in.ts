import 'server-only'
import * as client from 'openid-client'
import { loadConfig } from '@/server/config/config'
import { UnauthorizedError } from '@/server/errors'
import type { OidcIssuer } from './oidc-issuer'
import {
  endSessionCookie,
  endSignInCookie,
  sessionCookie,
  sessionOf,
  signInCookie,
  signInOf,
} from './session'

/** Where the provider sends the browser back (register `<origin>/api/auth/callback` with it). */
export const CALLBACK_PATH = '/api/auth/callback'

const isHttps = (url: URL) => url.protocol === 'https:'

/**
 * The URL as the browser asked for it: `next start` builds `request.url` from its own host name
 * (localhost), while the provider must send the browser back to the origin it came from:
 * `publicOrigin` when set, else the Host (one proxy.ts has already checked is ours).
 */
function browserUrl(request: Request): URL {
  const url = new URL(request.url)
  const { publicOrigin } = loadConfig()
  if (publicOrigin) {
    const origin = new URL(publicOrigin)
    url.protocol = origin.protocol
    url.host = origin.host
    return url
  }
  const host = request.headers.get('host')
  const proto = request.headers.get('x-forwarded-proto')
  if (host) url.host = host
  if (proto === 'http' || proto === 'https') url.protocol = `${proto}:`
  return url
}

function redirect(location: string, cookies: string[]): Response {
  const headers = new Headers({ location, 'cache-control': 'no-store' })
  for (const c of cookies) headers.append('set-cookie', c)
  return new Response(null, { status: 303, headers })
}

/** Only a path of this site: a sign-in link must not send the browser elsewhere afterwards. */
const sameSitePath = (path: string | null) =>
  path && path.startsWith('/') && !path.startsWith('//') && !path.includes('\\') ? path : '/'

/** Sends the browser to the provider: Authorization Code with PKCE, state and nonce kept sealed. */
export async function startSignIn(issuer: OidcIssuer, request: Request): Promise<Response> {
  const url = browserUrl(request)
  const config = await issuer.configuration()
  const verifier = client.randomPKCECodeVerifier()
  const pending = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier,
    returnTo: sameSitePath(url.searchParams.get('returnTo')),
  }
  const target = client.buildAuthorizationUrl(config, {
    redirect_uri: `${url.origin}${CALLBACK_PATH}`,
    scope: issuer.auth.scopes.join(' '),
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
  })
  return redirect(target.href, [await signInCookie(issuer.auth, pending, isHttps(url))])
}

/** The provider's answer: the code redeemed with the verifier, the ID token's person a session. */
export async function finishSignIn(issuer: OidcIssuer, request: Request): Promise<Response> {
  const url = browserUrl(request)
  const pending = await signInOf(issuer.auth, request.headers)
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>
  try {
    tokens = await client.authorizationCodeGrant(await issuer.configuration(), url, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    })
  } catch (err) {
    // The provider's refusal or a replayed callback; its message quotes no token.
    throw new UnauthorizedError(`sign-in failed: ${(err as Error).message}`)
  }
  const person = issuer.personOf(tokens.claims()!)
  const session = { user: person.user, groups: [...person.groups], idToken: tokens.id_token }
  return redirect(pending.returnTo, [
    await sessionCookie(issuer.auth, session, isHttps(url)),
    endSignInCookie(isHttps(url)),
  ])
}

/** Ends Meshpane's session, then the provider's (RP-initiated logout), back to the console. */
export async function signOut(issuer: OidcIssuer, request: Request): Promise<Response> {
  const url = browserUrl(request)
  const session = await sessionOf(issuer.auth, request.headers).catch(() => undefined)
  const config = await issuer.configuration()
  const location = config.serverMetadata().end_session_endpoint
    ? client.buildEndSessionUrl(config, {
        post_logout_redirect_uri: `${url.origin}/`,
        ...(session?.idToken && { id_token_hint: session.idToken }),
      }).href
    : '/'
  return redirect(location, [endSessionCookie(isHttps(url))])
}
