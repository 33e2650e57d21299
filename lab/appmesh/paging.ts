import { badRequest } from './errors'

/** `limit` 1–100 and an opaque `nextToken`, as every App Mesh ListX takes them. */
export function page<T>(items: T[], query: URLSearchParams): { items: T[]; nextToken?: string } {
  const limitText = query.get('limit')
  const limit = limitText === null ? 100 : Number(limitText)
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw badRequest('limit must be between 1 and 100')
  const token = query.get('nextToken')
  let start = 0
  if (token !== null) {
    const parsed = /^o:(\d+)$/.exec(Buffer.from(token, 'base64').toString())
    if (!parsed) throw badRequest('Invalid nextToken')
    start = Number(parsed[1])
  }
  const end = start + limit
  return {
    items: items.slice(start, end),
    nextToken: end < items.length ? Buffer.from(`o:${end}`).toString('base64') : undefined,
  }
}
