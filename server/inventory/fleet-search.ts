import 'server-only'
import type {
  FleetService,
  FleetServiceList,
  FleetServiceQuery,
  MeshKind,
  SourceRef,
} from '@/lib/schemas'
import { ValidationError } from '@/server/errors'
import type { FleetListing } from './fleet'

/** The order of the list, and what a cursor holds: name, namespace, source, mesh kind, id (unique). */
type SortKey = [string, string, string, string, string]

const sortKey = (s: FleetService): SortKey => [s.name, s.namespace, s.source.name, s.meshKind, s.id]

function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1
  return 0
}

const encodeCursor = (key: SortKey) => Buffer.from(JSON.stringify(key)).toString('base64url')

function decodeCursor(cursor: string): SortKey {
  const bad = new ValidationError([
    { field: 'cursor', message: 'is not a cursor this API gave out' },
  ])
  let key: unknown
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString())
  } catch {
    throw bad
  }
  if (!Array.isArray(key) || key.length !== 5 || !key.every((k) => typeof k === 'string')) throw bad
  return key as SortKey
}

/** Whether a mesh can hold a match at all (its services need not be listed otherwise). */
export const meshMatches =
  (query: FleetServiceQuery) =>
  (mesh: { kind: MeshKind; source: SourceRef }): boolean =>
    (!query.meshKind || mesh.kind === query.meshKind) &&
    (!query.source || mesh.source.id === query.source || mesh.source.name === query.source)

/** Two or more backends carry traffic. */
const hasCanary = (s: FleetService) => s.backends.filter((b) => b.weight > 0).length > 1

function matches(query: FleetServiceQuery): (s: FleetService) => boolean {
  const text = query.q?.toLowerCase()
  return (s) =>
    (!text || s.name.toLowerCase().includes(text) || s.namespace.toLowerCase().includes(text)) &&
    (!query.namespace || s.namespace === query.namespace) &&
    (!query.health || (s.health?.status ?? 'unknown') === query.health) &&
    (query.hasCanary === undefined || hasCanary(s) === query.hasCanary)
}

/**
 * One page of the services that match `query`, in a stable order; the cursor is the last item's
 * place in that order, so walking every page lists each service once even while others come and go.
 */
export function searchFleet(listing: FleetListing, query: FleetServiceQuery): FleetServiceList {
  const inMesh = meshMatches(query)
  const matching = matches(query)
  const after = query.cursor ? decodeCursor(query.cursor) : undefined
  const found = listing.items
    .filter((s) => inMesh({ kind: s.meshKind, source: s.source }) && matching(s))
    .map((s) => ({ s, key: sortKey(s) }))
    .sort((a, b) => compareKeys(a.key, b.key))
  const start = after ? found.findIndex((f) => compareKeys(f.key, after) > 0) : 0
  const rest = start < 0 ? [] : found.slice(start)
  const page = rest.slice(0, query.limit)
  const last = page.at(-1)
  return {
    items: page.map((f) => f.s),
    total: found.length,
    ...(rest.length > page.length && last && { nextCursor: encodeCursor(last.key) }),
    errors: listing.errors,
  }
}
