import 'server-only'
import { requestIdentity, type Identity } from '@/server/identity'
import { getInventory, type Inventory } from '@/server/inventory'

/** Who the request acts for (401 when sign-in is on and nobody is signed in). */
export const identityFor = (request: Request): Promise<Identity> => requestIdentity(request.headers)

/** The inventory as the request's person sees it (Meshpane's own without sign-in). */
export async function inventoryFor(request: Request): Promise<Inventory> {
  return getInventory().as(await identityFor(request))
}
