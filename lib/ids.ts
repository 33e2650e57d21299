import type { MeshKind } from './schemas/mesh'
import type { SourceKind } from './schemas/source'

/**
 * The one codec for ids: opaque, URL-safe, stable (the same object always gets the same id), and
 * decodable by the server without a lookup table, so ids survive restarts and replicas.
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

function decode(id: string, tag: string, length: number): string[] | null {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) return null
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

export function parseSourceId(id: string): SourceKey | null {
  const p = decode(id, 's', 3)
  return p ? { kind: p[1] as SourceKind, name: p[2]! } : null
}

export function parseMeshId(id: string): MeshKey | null {
  const p = decode(id, 'm', 5)
  return p
    ? { source: { kind: p[1] as SourceKind, name: p[2]! }, kind: p[3] as MeshKind, name: p[4]! }
    : null
}

export function parseServiceId(id: string): ServiceKey | null {
  const p = decode(id, 'v', 7)
  return p
    ? {
        mesh: {
          source: { kind: p[1] as SourceKind, name: p[2]! },
          kind: p[3] as MeshKind,
          name: p[4]!,
        },
        namespace: p[5]!,
        name: p[6]!,
      }
    : null
}
