import 'server-only'
import { hkdfSync } from 'node:crypto'
import fs from 'node:fs'
import { EncryptJWT, errors, jwtDecrypt, type JWTPayload } from 'jose'
import type { OidcAuth } from '@/server/config/auth'
import { UnauthorizedError } from '@/server/errors'

/**
 * Browser sessions and sign-ins in progress, kept in encrypted cookies (nothing on the server, so
 * any replica reads them). The key is derived from the client secret every replica has: rotating
 * the secret signs everyone out.
 */

const SESSION = 'meshpane-session'
const SIGN_IN = 'meshpane-sign-in'
/** How long the provider's login form may take. */
const SIGN_IN_TTL_SECONDS = 600

export type SessionClaims = { user: string; groups: string[]; idToken?: string }
export type SignInClaims = { state: string; nonce: string; verifier: string; returnTo: string }

function key(auth: OidcAuth): Uint8Array {
  const secret = fs.readFileSync(auth.clientSecretFile, 'utf8').trim()
  return new Uint8Array(hkdfSync('sha256', secret, 'meshpane', 'session cookies', 32))
}

async function seal(auth: OidcAuth, claims: JWTPayload, ttlSeconds: number): Promise<string> {
  return new EncryptJWT(claims)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .encrypt(key(auth))
}

async function open<T>(auth: OidcAuth, sealed: string, what: string): Promise<T> {
  try {
    return (await jwtDecrypt(sealed, key(auth))).payload as T
  } catch (err) {
    if (err instanceof errors.JWTExpired)
      throw new UnauthorizedError(`your ${what} has expired: sign in again`)
    throw new UnauthorizedError(`your ${what} is not valid: sign in again`)
  }
}

/** `__Host-` (no Domain, path /, Secure) over HTTPS; browsers refuse Secure cookies over HTTP. */
const cookieName = (base: string, secure: boolean) => (secure ? `__Host-${base}` : base)

function cookie(name: string, value: string, maxAge: number, secure: boolean): string {
  const attributes = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAge}`]
  return (secure ? [...attributes, 'Secure'] : attributes).join('; ')
}

function read(headers: Headers, name: string): string | undefined {
  for (const pair of (headers.get('cookie') ?? '').split(';')) {
    const at = pair.indexOf('=')
    if (pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim()
  }
  return undefined
}

const readEither = (headers: Headers, base: string) =>
  read(headers, cookieName(base, true)) ?? read(headers, cookieName(base, false))

export async function sessionCookie(auth: OidcAuth, claims: SessionClaims, secure: boolean) {
  const sealed = await seal(auth, claims, auth.sessionTtlSeconds)
  return cookie(cookieName(SESSION, secure), sealed, auth.sessionTtlSeconds, secure)
}

/** The signed-in person's session, or undefined without one (401 for an expired or forged one). */
export async function sessionOf(auth: OidcAuth, headers: Headers) {
  const sealed = readEither(headers, SESSION)
  return sealed === undefined ? undefined : open<SessionClaims>(auth, sealed, 'session')
}

export const endSessionCookie = (secure: boolean) =>
  cookie(cookieName(SESSION, secure), '', 0, secure)

export async function signInCookie(auth: OidcAuth, claims: SignInClaims, secure: boolean) {
  const sealed = await seal(auth, claims, SIGN_IN_TTL_SECONDS)
  return cookie(cookieName(SIGN_IN, secure), sealed, SIGN_IN_TTL_SECONDS, secure)
}

export async function signInOf(auth: OidcAuth, headers: Headers): Promise<SignInClaims> {
  const sealed = readEither(headers, SIGN_IN)
  if (sealed === undefined) throw new UnauthorizedError('no sign-in is in progress: sign in again')
  return open<SignInClaims>(auth, sealed, 'sign-in')
}

export const endSignInCookie = (secure: boolean) =>
  cookie(cookieName(SIGN_IN, secure), '', 0, secure)
