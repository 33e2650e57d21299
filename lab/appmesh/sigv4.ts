import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

/** What the `Credential=` scope of a SigV4 Authorization header says. */
export type SigV4Scope = { accessKeyId: string; date: string; region: string; service: string }

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)$/

export function parseAuthorization(header: string | undefined) {
  const m = header ? AUTH.exec(header) : null
  if (!m) return null
  const scope: SigV4Scope = { accessKeyId: m[1]!, date: m[2]!, region: m[3]!, service: m[4]! }
  return { scope, signedHeaders: m[5]!.split(';'), signature: m[6]! }
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest()

// RFC 3986 escaping as the SDK's signer applies it to path segments and query parts.
const escape = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/**
 * Recomputes the signature the way AWS does (canonical request, string to sign, derived key) so a
 * wrong secret is refused like on AWS. The SDK escapes path segments twice for non-S3 services.
 */
export function verifySignature(
  req: { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer },
  auth: NonNullable<ReturnType<typeof parseAuthorization>>,
  secretAccessKey: string,
): boolean {
  const url = new URL(req.url, 'http://lab')
  const path = url.pathname.split('/').map(escape).join('/')
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [escape(k), escape(v)] as const)
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
  const headerValue = (name: string) => {
    const v = req.headers[name]
    return (Array.isArray(v) ? v.join(',') : (v ?? '')).trim().replace(/\s+/g, ' ')
  }
  const canonicalHeaders = auth.signedHeaders.map((h) => `${h}:${headerValue(h)}\n`).join('')
  const payloadHash = headerValue('x-amz-content-sha256') || sha256(req.body)
  const canonical = [
    req.method,
    path,
    query,
    canonicalHeaders,
    auth.signedHeaders.join(';'),
    payloadHash,
  ].join('\n')
  const { date, region, service } = auth.scope
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    headerValue('x-amz-date'),
    `${date}/${region}/${service}/aws4_request`,
    sha256(canonical),
  ].join('\n')
  const key = hmac(
    hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service),
    'aws4_request',
  )
  const expected = Buffer.from(hmac(key, stringToSign).toString('hex'))
  const given = Buffer.from(auth.signature)
  return expected.length === given.length && timingSafeEqual(expected, given)
}
