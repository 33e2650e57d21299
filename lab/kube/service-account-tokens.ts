// Service account tokens as kube-apiserver issues and checks them: the TokenRequest subresource
// (`POST .../serviceaccounts/<name>/token`, what `kubectl create token` and the kubelet's projected
// volume call) mints a signed JWT, and a request bearing one is authenticated as
// `system:serviceaccount:<ns>:<name>` while that service account exists with the same uid.
import { generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto'
import { parseObject } from './http'
import { decodeProtobuf, PROTOBUF, type Schema } from './protobuf'
import { RESOURCE_TYPES } from './resources'
import { badRequest, KubeError } from './status'
import type { Store } from './store'
import type { UserInfo } from './rbac/evaluate'

/** kube-apiserver's default `--service-account-issuer` and API audience. */
export const SERVICE_ACCOUNT_ISSUER = 'https://kubernetes.default.svc.cluster.local'
const SERVICE_ACCOUNT = RESOURCE_TYPES.find((t) => t.kind === 'ServiceAccount')!
const DEFAULT_SECONDS = 3600
const MIN_SECONDS = 600
const MAX_SECONDS = 48 * 3600

interface Claims {
  iss: string
  sub: string
  aud: string[]
  exp: number
  iat: number
  nbf: number
  jti: string
  'kubernetes.io': { namespace: string; serviceaccount: { name: string; uid: string } }
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
const SIGNATURE = { dsaEncoding: 'ieee-p1363' } as const
// authentication/v1 TokenRequest: spec = 2 {audiences = 1, expirationSeconds = 4}.
const TOKEN_REQUEST: Schema = {
  2: ['spec', { 1: ['audiences', 'strings'], 4: ['expirationSeconds', 'int'] }],
}

/** One cluster's token signer and authenticator (ES256, a key of its own per cluster). */
export class ServiceAccountTokens {
  private readonly keys: { privateKey: KeyObject; publicKey: KeyObject }
  private readonly kid = randomUUID()

  constructor(private readonly store: Store) {
    this.keys = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  }

  /** Answers a TokenRequest (JSON, or protobuf as kubectl sends it) for service account `name`. */
  issue(namespace: string, name: string, body: Buffer, contentType: string, now = Date.now()) {
    const sa = this.store.mustGet(SERVICE_ACCOUNT, namespace, name)
    const decoded = contentType.startsWith(PROTOBUF)
      ? decodeProtobuf(body, TOKEN_REQUEST)
      : parseObject(body.toString('utf8'))
    const request = decoded as {
      kind?: string
      spec?: { audiences?: string[]; expirationSeconds?: number }
    }
    if (request.kind && request.kind !== 'TokenRequest')
      throw badRequest(`the kind in the data (${request.kind}) does not match TokenRequest`)
    const seconds = request.spec?.expirationSeconds ?? DEFAULT_SECONDS
    if (!Number.isInteger(seconds) || seconds < MIN_SECONDS)
      throw new KubeError(
        422,
        'Invalid',
        `TokenRequest.authentication.k8s.io "${name}" is invalid: spec.expirationSeconds: Invalid value: ${seconds}: may not specify a duration less than 10 minutes`,
      )
    const audiences = request.spec?.audiences?.length
      ? request.spec.audiences
      : [SERVICE_ACCOUNT_ISSUER]
    const iat = Math.floor(now / 1000)
    const exp = iat + Math.min(seconds, MAX_SECONDS)
    const claims: Claims = {
      iss: SERVICE_ACCOUNT_ISSUER,
      sub: `system:serviceaccount:${namespace}:${name}`,
      aud: audiences,
      exp,
      iat,
      nbf: iat,
      jti: randomUUID(),
      'kubernetes.io': { namespace, serviceaccount: { name, uid: sa.metadata.uid! } },
    }
    const unsigned = `${b64({ alg: 'ES256', kid: this.kid })}.${b64(claims)}`
    const signature = sign('sha256', Buffer.from(unsigned), {
      key: this.keys.privateKey,
      ...SIGNATURE,
    })
    return {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name, namespace, creationTimestamp: null },
      spec: { audiences, expirationSeconds: exp - iat, boundObjectRef: null },
      status: {
        token: `${unsigned}.${signature.toString('base64url')}`,
        expirationTimestamp: new Date(exp * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      },
    }
  }

  /**
   * The service account a token stands for, or undefined when it is not one of ours, is expired,
   * is for another audience, or its service account is gone (deleted, or recreated: another uid).
   */
  authenticate(token: string, now = Date.now()): UserInfo | undefined {
    const [header, payload, signature] = token.split('.')
    if (!header || !payload || !signature) return undefined
    const valid = verify(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      { key: this.keys.publicKey, ...SIGNATURE },
      Buffer.from(signature, 'base64url'),
    )
    if (!valid) return undefined
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims
    const seconds = now / 1000
    if (claims.exp <= seconds || claims.nbf > seconds + 60) return undefined
    if (!claims.aud.includes(SERVICE_ACCOUNT_ISSUER)) return undefined
    const { namespace, serviceaccount } = claims['kubernetes.io']
    const sa = this.store.get(SERVICE_ACCOUNT, namespace, serviceaccount.name)
    if (sa?.metadata.uid !== serviceaccount.uid) return undefined
    return {
      name: claims.sub,
      uid: serviceaccount.uid,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`],
    }
  }
}
