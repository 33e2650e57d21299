import { FleetServiceQuery, type FleetServiceList } from '@/lib/schemas'
import { inventoryFor } from '@/server/http/acting'
import { readQuery } from '@/server/http/body'
import { handle } from '@/server/http/handle'
import { fleetServices } from '@/server/inventory/fleet'
import { meshMatches, searchFleet } from '@/server/inventory/fleet-search'
import { getMetrics } from '@/server/metrics'
import { withMetrics } from '@/server/metrics/service-metrics'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** Every service of every mesh, source and account, filtered and paged (`cursor`). */
export const GET = handle(async (request): Promise<FleetServiceList> => {
  const query = readQuery(request, FleetServiceQuery)
  const inventory = await inventoryFor(request)
  const metrics = getMetrics()
  const listing = await fleetServices(
    inventory,
    (mesh, items) => withMetrics(inventory, metrics, mesh.id, items),
    meshMatches(query),
  )
  return searchFleet(listing, query)
})
