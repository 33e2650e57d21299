// `POST /tokens` on the control API: an ID token for one of the people, signed with the provider's
// key (so it verifies against its JWKS) and meant for Meshpane; test equipment, as an admin token is.
import { randomUUID } from 'node:crypto'
import { importJWK, SignJWT } from 'jose'
import { z } from 'zod'
import type { ControlRoute } from '../control'
import { claimsOf } from './people'
import type { LabOidc } from './provider'

const TokenRequest = z
  .object({
    user: z.string().min(1),
    expiresIn: z.number().int().min(1).max(86_400).default(3600), // seconds
  })
  .strict()

export async function mintToken(oidc: LabOidc, name: string, expiresIn: number) {
  const person = oidc.people.find((p) => p.name === name)
  if (!person) return undefined
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({ ...claimsOf(person), auth_time: now })
    .setProtectedHeader({ alg: 'RS256', kid: oidc.signingKey.kid, typ: 'JWT' })
    .setIssuer(oidc.issuer)
    .setAudience(oidc.clientId)
    .setIssuedAt(now)
    .setExpirationTime(now + expiresIn)
    .setJti(randomUUID())
    .sign(await importJWK(oidc.signingKey, 'RS256'))
}

export function tokenRoutes(oidc: LabOidc): ControlRoute[] {
  return [
    {
      method: 'POST',
      path: /^\/tokens$/,
      handle: async (_params, body) => {
        const request = TokenRequest.safeParse(body ?? {})
        if (!request.success)
          return { status: 400, body: { error: z.prettifyError(request.error) } }
        const token = await mintToken(oidc, request.data.user, request.data.expiresIn)
        if (!token) {
          const known = oidc.people.map((p) => p.name).join(', ') || 'none'
          return {
            status: 404,
            body: { error: `no person named "${request.data.user}" (known: ${known})` },
          }
        }
        return { status: 200, body: { token } }
      },
    },
  ]
}
