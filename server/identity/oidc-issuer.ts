import 'server-only'
import fs from 'node:fs'
import {
  createRemoteJWKSet,
  customFetch as joseFetch,
  errors,
  jwtVerify,
  type JWTPayload,
} from 'jose'
import * as client from 'openid-client'
import type { OidcAuth } from '@/server/config/auth'
import { SourceUnavailableError, UnauthorizedError } from '@/server/errors'
import { parseErrorMessage } from '@/server/redact'
import type { Person } from './identity'
import { issuerFetch } from './issuer-fetch'

type Keys = ReturnType<typeof createRemoteJWKSet>

/**
 * The configured OpenID Connect provider: its metadata (discovered once, asked again after a
 * failure), the client Meshpane is there, and its keys, which every bearer token is checked against.
 */
export class OidcIssuer {
  private readonly fetch: ReturnType<typeof issuerFetch>
  private discovered?: Promise<{ config: client.Configuration; keys: Keys }>

  constructor(readonly auth: OidcAuth) {
    this.fetch = issuerFetch(auth.caFile)
  }

  async configuration(): Promise<client.Configuration> {
    return (await this.discover()).config
  }

  /** The person an `Authorization: Bearer` token names: signed by the issuer, for this client, unexpired. */
  async verifyBearer(token: string): Promise<Person> {
    const { keys } = await this.discover()
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: this.auth.issuer,
        audience: this.auth.clientId,
      })
      return this.personOf(payload)
    } catch (err) {
      if (err instanceof errors.JWTExpired)
        throw new UnauthorizedError('the bearer token has expired')
      if (err instanceof errors.JOSEError)
        throw new UnauthorizedError(`the bearer token is not valid: ${err.message}`)
      throw err
    }
  }

  /** The user and groups of verified claims, from the configured claims. */
  personOf(claims: JWTPayload): Person {
    const { usernameClaim, groupsClaim } = this.auth
    const user = claims[usernameClaim]
    if (typeof user !== 'string' || !user)
      throw new UnauthorizedError(`the token has no "${usernameClaim}" claim to name the user`)
    const groups = claims[groupsClaim] ?? []
    if (!Array.isArray(groups) || groups.some((g) => typeof g !== 'string'))
      throw new UnauthorizedError(`the token's "${groupsClaim}" claim is not a list of names`)
    return { kind: 'person', user, groups: groups as string[] }
  }

  private discover() {
    this.discovered ??= this.load().catch((err: unknown) => {
      this.discovered = undefined
      throw new SourceUnavailableError(
        'unreachable',
        'identity provider',
        `${this.auth.issuer}: ${parseErrorMessage(err)}`,
      )
    })
    return this.discovered
  }

  private async load() {
    const config = await client.discovery(
      new URL(this.auth.issuer),
      this.auth.clientId,
      undefined,
      this.clientAuthentication(),
      { [client.customFetch]: this.fetch, execute: this.insecure() },
    )
    config[client.customFetch] = this.fetch
    const jwksUri = config.serverMetadata().jwks_uri
    if (!jwksUri) throw new Error('the provider publishes no jwks_uri')
    return { config, keys: createRemoteJWKSet(new URL(jwksUri), { [joseFetch]: this.fetch }) }
  }

  /** The secret is read at each use, so a rotated one applies at once. */
  private clientAuthentication(): client.ClientAuth {
    const secret = () => fs.readFileSync(this.auth.clientSecretFile, 'utf8').trim()
    const method =
      this.auth.tokenEndpointAuthMethod === 'client_secret_post'
        ? client.ClientSecretPost
        : client.ClientSecretBasic
    return (...args) => method(secret())(...args)
  }

  /** openid-client refuses plain HTTP; an http:// issuer is the operator's explicit choice. */
  private insecure() {
    return new URL(this.auth.issuer).protocol === 'http:' ? [client.allowInsecureRequests] : []
  }
}
