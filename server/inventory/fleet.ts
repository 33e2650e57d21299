import 'server-only'
import type { FleetService, Mesh, MeshService, SourceError } from '@/lib/schemas'
import type { Inventory } from './inventory'

/** Adds what a layer above the inventory knows to a mesh's services (e.g. metrics and health). */
export type EnrichServices = (mesh: Mesh, services: MeshService[]) => Promise<MeshService[]>

export type FleetListing = { items: FleetService[]; errors: SourceError[] }

/**
 * Every service of every mesh the inventory's identity may see, each mesh listed at once: a mesh
 * that fails (or lists only part of its services) is named in `errors`, and the rest still stands.
 * `only` skips the meshes a search could not match before asking their sources.
 */
export async function fleetServices(
  inventory: Inventory,
  enrich: EnrichServices,
  only: (mesh: Mesh) => boolean = () => true,
): Promise<FleetListing> {
  const meshes = await inventory.listMeshes()
  const errors = [...meshes.errors]
  const errorIn = (mesh: Mesh, message: string) =>
    errors.push({ sourceId: mesh.source.id, sourceName: mesh.source.name, message })
  const listed = await Promise.all(
    meshes.items.filter(only).map(async (mesh): Promise<FleetService[]> => {
      const list = await inventory.serviceList(mesh.id).catch((err: Error) => {
        errorIn(mesh, `${mesh.kind} mesh ${mesh.name}: ${err.message}`)
        return undefined
      })
      if (!list) return []
      if (list.partial) errorIn(mesh, list.partial)
      const items = await enrich(mesh, list.items).catch((err: Error) => {
        errorIn(mesh, `${mesh.kind} mesh ${mesh.name}: no metrics: ${err.message}`)
        return list.items
      })
      return items.map((s) => ({ ...s, source: mesh.source, meshName: mesh.name }))
    }),
  )
  return { items: listed.flat(), errors }
}
