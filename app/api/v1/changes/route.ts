import { ChangeQuery, type ChangeList } from '@/lib/schemas'
import { getAudit } from '@/server/changes'
import { changesAsNdjson } from '@/server/changes/ndjson'
import { readQuery } from '@/server/http/body'
import { identityFor } from '@/server/http/acting'
import { handle } from '@/server/http/handle'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** Newest first; `cursor` pages back in time; `format=ndjson` streams every match. */
export const GET = handle(async (request): Promise<ChangeList | Response> => {
  await identityFor(request) // signed-in people only
  const { format, ...query } = readQuery(request, ChangeQuery)
  const { store } = await getAudit()
  if (format === 'json') return store.list(query)
  return new Response(changesAsNdjson(store, query), {
    headers: { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-store' },
  })
})
