import 'server-only'
import type { z } from 'zod'
import { UnsupportedMediaTypeError, ValidationError } from '@/server/errors'

/** The JSON body of a PUT/POST: 415 unless it says application/json, 400 naming `body` if unparsable. */
export async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/json')
    throw new UnsupportedMediaTypeError(
      `send the body as application/json (got ${type ?? 'no content type'})`,
    )
  const text = await request.text()
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new ValidationError([
      { field: 'body', message: `is not valid JSON: ${(err as Error).message}` },
    ])
  }
}

/** The JSON body parsed with its `lib/schemas` schema: 400 naming each bad field otherwise. */
export async function readBody<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  return schema.parse(await readJson(request))
}

/** The query string parsed with its `lib/schemas` schema: 400 naming each bad parameter otherwise. */
export function readQuery<T>(request: Request, schema: z.ZodType<T>): T {
  return schema.parse(Object.fromEntries(new URL(request.url).searchParams))
}
