import type { ApiClient } from '../lib/api-client'
import { parseServiceId } from '../lib/ids'
import type { Mesh, MeshService } from '../lib/schemas'
import { UsageError } from './errors'

/** Where to look: a source by name, a mesh by kind or name, a namespace. */
export type Scope = { source?: string; mesh?: string; namespace?: string }

/** The meshes in scope, and a warning per source that failed to answer. */
export async function meshesIn(
  api: ApiClient,
  scope: Scope,
): Promise<{ meshes: Mesh[]; warnings: string[] }> {
  const { items, errors } = await api.meshes()
  const inScope = (name: string) => !scope.source || name === scope.source
  const meshes = items.filter(
    (m) =>
      inScope(m.source.name) && (!scope.mesh || m.kind === scope.mesh || m.name === scope.mesh),
  )
  const warnings = errors
    .filter((e) => inScope(e.sourceName))
    .map((e) => `source ${e.sourceName}: ${e.message}`)
  return { meshes, warnings }
}

/** The services of every mesh in scope, each with its mesh. */
export async function servicesIn(api: ApiClient, scope: Scope) {
  const { meshes, warnings } = await meshesIn(api, scope)
  const lists = await Promise.all(
    meshes.map(async (mesh) => ({ mesh, list: await api.services(mesh.id) })),
  )
  const services = lists.flatMap(({ mesh, list }) =>
    list.items
      .filter((s) => !scope.namespace || s.namespace === scope.namespace)
      .map((service) => ({ mesh, service })),
  )
  return { services, warnings }
}

/**
 * The service `ref` names: a service id as the API gives it, or `name` / `namespace/name`
 * (namespace from -n, else `default`, as kubectl) in the meshes in scope. Several matches (two
 * sources run it) are refused, naming where each runs.
 */
export async function findService(api: ApiClient, ref: string, scope: Scope): Promise<MeshService> {
  if (parseServiceId(ref)) return api.service(ref)
  const [namespace, name] = ref.includes('/')
    ? ref.split('/', 2)
    : [scope.namespace ?? 'default', ref]
  const { services, warnings } = await servicesIn(api, { ...scope, namespace })
  const found = services.filter(({ service }) => service.name === name)
  const where = `${namespace}/${name}${scope.source ? ` in source ${scope.source}` : ''}${scope.mesh ? ` (mesh ${scope.mesh})` : ''}`
  if (found.length === 0)
    throw new Error(
      `no service ${where}${warnings.length ? `; some sources did not answer: ${warnings.join('; ')}` : ''}`,
    )
  if (found.length > 1)
    throw new UsageError(
      `${where} runs in ${found.length} meshes (${found.map(({ mesh }) => `${mesh.kind} in ${mesh.source.name}`).join(', ')}): pass --source or --mesh`,
    )
  return found[0]!.service
}
