import type { ChangeListQuery } from '@/lib/api-client'
import { ChangeOutcome, MeshKind } from '@/lib/schemas'

const HOUR = 3_600_000

/** The time ranges the Changes page offers, relative to when the list is fetched. */
export const TIME_RANGES = [
  { value: '1h', label: 'Last hour', ms: HOUR },
  { value: '24h', label: 'Last 24 hours', ms: 24 * HOUR },
  { value: '7d', label: 'Last 7 days', ms: 7 * 24 * HOUR },
  { value: '30d', label: 'Last 30 days', ms: 30 * 24 * HOUR },
] as const

export type TimeRange = (typeof TIME_RANGES)[number]['value']

/** What the Changes list is narrowed to; every field is a URL query parameter of the same name. */
export type ChangeFilters = {
  service?: string
  outcome?: ChangeOutcome
  source?: string
  mesh?: MeshKind
  actor?: string
  within?: TimeRange
}

const FIELDS = ['service', 'outcome', 'source', 'mesh', 'actor', 'within'] as const

/** Free text as the API takes it: trimmed, at most `max` characters, empty meaning unset. */
const text = (max: number) => (value: string) => value.trim().slice(0, max) || undefined

const oneOf =
  <T extends string>(values: readonly T[]) =>
  (value: string) =>
    values.find((v) => v === value)

const readers: { [K in keyof ChangeFilters]-?: (value: string) => ChangeFilters[K] } = {
  service: text(512),
  outcome: oneOf(ChangeOutcome.options),
  source: text(253),
  mesh: oneOf(MeshKind.options),
  actor: text(253),
  within: oneOf(TIME_RANGES.map((r) => r.value)),
}

/** The filters a shared link carries; a parameter that is unknown or malformed is dropped, never an error. */
export function filtersFromParams(params: URLSearchParams): ChangeFilters {
  const filters: ChangeFilters = {}
  for (const field of FIELDS) {
    const value = params.get(field)
    const read = value === null ? undefined : readers[field](value)
    if (read !== undefined) Object.assign(filters, { [field]: read })
  }
  return filters
}

/** The URL query of the filters that are set, in one order so equal filters give equal links. */
export function paramsFromFilters(filters: ChangeFilters): URLSearchParams {
  const params = new URLSearchParams()
  for (const field of FIELDS) {
    const value = filters[field]
    if (value !== undefined) params.set(field, value)
  }
  return params
}

/** The API query of the filters; a relative time range is anchored at `now`, each fetch anew. */
export function changeQuery(
  { within, ...filters }: ChangeFilters,
  now = Date.now(),
): ChangeListQuery {
  const range = TIME_RANGES.find((r) => r.value === within)
  return range ? { ...filters, since: new Date(now - range.ms).toISOString() } : filters
}
