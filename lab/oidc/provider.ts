// The lab's OpenID Connect provider: panva's oidc-provider (OpenID Certified) on 127.0.0.1 over
// HTTPS with the lab's certificate, the scenario's people, and Meshpane registered as a
// confidential client using Authorization Code with PKCE.
import { generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto'
import { createServer, type Server } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider'
import type { Person } from '../scenario'
import { errorPage, loginRoutes } from './login'
import { claimsOf, SCOPE_CLAIMS, SCOPES, subjectOf } from './people'

export const CLIENT_ID = 'meshpane'
/** Where Meshpane receives the authorization code, under each of its origins. */
export const CALLBACK_PATH = '/api/auth/callback'
/** The origins Meshpane runs on unless told (the demo's default port). */
export const DEFAULT_APP_ORIGINS = ['http://127.0.0.1:3000', 'http://localhost:3000']

export interface OidcOptions {
  people: Person[]
  tls: { key: string; cert: string }
  /** Meshpane's origins: each gets `<origin>/api/auth/callback` and `<origin>/` after logout. */
  appOrigins?: string[]
}

export interface LabOidc {
  issuer: string
  clientId: string
  clientSecret: string
  redirectUris: string[]
  people: Person[]
  /** The private JWK the provider signs with (its public half is in the JWKS). */
  signingKey: JsonWebKey & { kid: string; alg: 'RS256' }
  close(): Promise<void>
}

/** Meshpane consents by its people signing in: every login comes with a grant of all scopes. */
async function firstPartyGrant(ctx: KoaContextWithOIDC) {
  const { client, session, result, provider } = ctx.oidc
  const grantId = result?.consent?.grantId ?? session?.grantIdFor(client!.clientId)
  const existing = grantId ? await provider.Grant.find(grantId) : undefined
  if (existing) return existing
  const grant = new provider.Grant({ clientId: client!.clientId, accountId: session!.accountId })
  grant.addOIDCScope(SCOPES.join(' '))
  await grant.save()
  return grant
}

function configuration(o: OidcOptions, lab: Omit<LabOidc, 'issuer' | 'close'>): Configuration {
  return {
    clients: [
      {
        client_id: lab.clientId,
        client_secret: lab.clientSecret,
        client_name: 'Meshpane',
        redirect_uris: lab.redirectUris,
        post_logout_redirect_uris: (o.appOrigins ?? DEFAULT_APP_ORIGINS).map((a) => `${a}/`),
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [lab.signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: SCOPE_CLAIMS,
    // Scope claims go into the ID token too, as Dex, Keycloak and Entra put groups there.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    pkce: { methods: ['S256'], required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    loadExistingGrant: firstPartyGrant,
    ttl: {
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
      AccessToken: 3600,
      IdToken: 3600,
      AuthorizationCode: 60,
      RefreshToken: 8 * 3600,
    },
    renderError: (ctx, out) => {
      ctx.type = 'html'
      ctx.body = errorPage(`${out.error}: ${out.error_description ?? ''}`)
    },
    findAccount: (_ctx, sub) => {
      const person = o.people.find((p) => subjectOf(p) === sub)
      return person && { accountId: sub, claims: () => claimsOf(person) }
    },
  }
}

export async function startOidcProvider(o: OidcOptions): Promise<LabOidc> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const kid = randomBytes(8).toString('hex')
  const lab = {
    clientId: CLIENT_ID,
    clientSecret: randomBytes(32).toString('base64url'),
    redirectUris: (o.appOrigins ?? DEFAULT_APP_ORIGINS).map((a) => `${a}${CALLBACK_PATH}`),
    people: o.people,
    signingKey: { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256' as const, use: 'sig' },
  }
  // The issuer names the port, so the provider is made once the server listens.
  let serve = (_req: IncomingMessage, _res: ServerResponse) => {}
  const server: Server = createServer(o.tls, (req, res) => serve(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
  const provider = new Provider(issuer, configuration(o, lab))
  const login = loginRoutes(provider, o.people)
  const callback = provider.callback()
  serve = (req, res) => {
    if (!login(req, res)) void callback(req, res)
  }
  return {
    ...lab,
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
