import 'server-only'
import fs from 'node:fs'
import https from 'node:https'

type FetchOptions = {
  method?: string
  headers?: HeadersInit
  body?: string | URLSearchParams | Uint8Array | ArrayBuffer | ReadableStream | null
  signal?: AbortSignal | null
}

/**
 * `fetch` to the identity provider trusting `caFile` (Node's fetch takes no CA per request); the
 * system's CAs without one. Used by openid-client and jose for discovery, JWKS and tokens.
 */
export function issuerFetch(caFile?: string) {
  if (!caFile) return (url: string, options: FetchOptions) => fetch(url, options as RequestInit)
  const ca = fs.readFileSync(caFile, 'utf8')
  return async (url: string, options: FetchOptions): Promise<Response> => {
    const body =
      options.body === undefined || options.body === null
        ? undefined
        : Buffer.from(await new Response(options.body as BodyInit).arrayBuffer())
    return new Promise((resolve, reject) => {
      const request = https.request(
        url,
        {
          method: options.method ?? 'GET',
          headers: Object.fromEntries(new Headers(options.headers)),
          ca,
          signal: options.signal ?? undefined,
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('error', reject)
          res.on('end', () => {
            const headers = new Headers()
            for (const [k, v] of Object.entries(res.headers))
              for (const value of [v ?? []].flat()) headers.append(k, value)
            resolve(new Response(Buffer.concat(chunks), { status: res.statusCode, headers }))
          })
        },
      )
      request.on('error', reject)
      request.end(body)
    })
  }
}
