import 'server-only'
import type { ChangeQuery } from '@/lib/schemas'
import type { ChangeStore } from './store'

/**
 * Every record matching `query`, newest first, one JSON object per line, fetched a page at a time
 * so a long history streams in bounded memory (for log shippers).
 */
export function changesAsNdjson(store: ChangeStore, query: Omit<ChangeQuery, 'format'>) {
  let cursor = query.cursor
  const encoder = new TextEncoder()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const page = await store.list({ ...query, cursor })
      if (page.items.length > 0)
        controller.enqueue(encoder.encode(page.items.map((r) => JSON.stringify(r) + '\n').join('')))
      cursor = page.nextCursor
      if (!cursor) controller.close()
    },
  })
}
