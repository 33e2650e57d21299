import type { SourceList } from '@/lib/schemas'
import { handle } from '@/server/http/handle'
import { getInventory } from '@/server/inventory'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

export const GET = handle(async (): Promise<SourceList> => ({
  items: await getInventory().listSources(),
}))
