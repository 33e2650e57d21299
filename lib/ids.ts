import { isSourceName, NAME_RULES } from './names'
import { MeshKind } from './schemas/mesh'
import { SourceKind } from './schemas/source'

/**
 * The one codec for ids: opaque, URL-safe, stable (the same object always gets the same id), and
 * decodable by the server without a lookup table, so ids survive restarts and replicas. An id
 * decodes only to a key whose every part is a valid name where it is used (lib/names.ts): anything
 * else is no id at all (404), so no id can steer a request path.
 */
export type SourceKey = { kind: SourceKind; name: string }
export type MeshKey = { source: SourceKey; kind: MeshKind; name: string }
export type ServiceKey = { mesh: MeshKey; namespace: string; name: string }

const toBase64Url = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')

const fromBase64Url = (id: string) =>
  new TextDecoder().decode(
    Uint8Array.from(atob(id.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)),
  )

const encode = (parts: string[]) => toBase64Url(JSON.stringify(parts))

/** Longer than the id of any valid key (names are bounded); refused before decoding. */
const MAX_ID_LENGTH = 4096

function decode(id: string, tag: string, length: number): string[] | null {
  if (id.length > MAX_ID_LENGTH || !/^[A-Za-z0-9_-]+$/.test(id)) return null
  try {
    const parts: unknown = JSON.parse(fromBase64Url(id))
    if (!Array.isArray(parts) || parts.length !== length || parts[0] !== tag) return null
    return parts.every((p) => typeof p === 'string') ? (parts as string[]) : null
  } catch {
    return null
  }
}

export const sourceId = (k: SourceKey) => encode(['s', k.kind, k.name])
export const meshId = (k: MeshKey) => encode(['m', k.source.kind, k.source.name, k.kind, k.name])
export const serviceId = (k: ServiceKey) =>
  encode([
    'v',
    k.mesh.source.kind,
    k.mesh.source.name,
    k.mesh.kind,
    k.mesh.name,
    k.namespace,
    k.name,
  ])

function sourceKey(kind: string, name: string): SourceKey | null {
  const parsed = SourceKind.safeParse(kind)
  return parsed.success && isSourceName(name) ? { kind: parsed.data, name } : null
}

/** The mesh of `[source kind, source name, mesh kind, mesh name]`: a kind in the source kind it lives in. */
function meshKey([sourceKind, sourceName, kind, name]: string[]): MeshKey | null {
  const source = sourceKey(sourceKind!, sourceName!)
  const meshKind = MeshKind.safeParse(kind)
  if (!source || !meshKind.success) return null
  const rules = NAME_RULES[meshKind.data]
  return rules.source === source.kind && rules.mesh(name!)
    ? { source, kind: meshKind.data, name: name! }
    : null
}

export function parseSourceId(id: string): SourceKey | null {
  const p = decode(id, 's', 3)
  return p && sourceKey(p[1]!, p[2]!)
}

export function parseMeshId(id: string): MeshKey | null {
  const p = decode(id, 'm', 5)
  return p && meshKey(p.slice(1))
}

export function parseServiceId(id: string): ServiceKey | null {
  const p = decode(id, 'v', 7)
  const mesh = p && meshKey(p.slice(1, 5))
  if (!mesh) return null
  const [namespace, name] = [p[5]!, p[6]!]
  const rules = NAME_RULES[mesh.kind]
  return rules.namespace(namespace) && rules.service(name) ? { mesh, namespace, name } : null
}
