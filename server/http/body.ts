import 'server-only'
import type { z } from 'zod'
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '@/server/errors'

/** The largest JSON body read: a real split update is well under a KiB. */
export const MAX_BODY_BYTES = 64 * 1024

/**
 * The JSON body of a PUT/POST: 415 unless it says application/json, 413 past MAX_BODY_BYTES
 * (declared or counted while streaming, so an endless body is never buffered), 400 naming `body`
 * if unparsable.
 */
export async function readJson(request: Request): Promise<unknown> {
  const type = mediaType(request.headers.get('content-type'))
  if (type !== 'application/json')
    throw new UnsupportedMediaTypeError(
      `send the body as application/json (got ${type ?? 'no content type'})`,
    )
  const text = await readText(request)
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new ValidationError([
      { field: 'body', message: `is not valid JSON: ${(err as Error).message}` },
    ])
  }
}

/** A Content-Type's media type, without parameters (`application/json; charset=utf-8` → `application/json`). */
export const mediaType = (contentType: string | null): string | undefined =>
  contentType?.split(';')[0]?.trim().toLowerCase() || undefined

/** The JSON body parsed with its `lib/schemas` schema: 400 naming each bad field otherwise. */
export async function readBody<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  return schema.parse(await readJson(request))
}

/** A body the action may go without (POST …/pause): none at all reads as `{}`. */
export async function readOptionalBody<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  const empty = !request.body || request.headers.get('content-length') === '0'
  return empty ? schema.parse({}) : readBody(request, schema)
}

const tooLarge = () =>
  new PayloadTooLargeError(`the body is larger than ${MAX_BODY_BYTES / 1024} KiB`)

async function readText(request: Request): Promise<string> {
  if (Number(request.headers.get('content-length')) > MAX_BODY_BYTES) throw tooLarge()
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > MAX_BODY_BYTES) {
      await reader.cancel()
      throw tooLarge()
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** The query string parsed with its `lib/schemas` schema: 400 naming each bad parameter otherwise. */
export function readQuery<T>(request: Request, schema: z.ZodType<T>): T {
  return schema.parse(Object.fromEntries(new URL(request.url).searchParams))
}
