import type { FleetSearch } from '@/lib/schemas'

/** The filters the Services page keeps in its URL (paging is the page's own, never shared). */
export const FILTER_KEYS = ['q', 'meshKind', 'health', 'hasCanary', 'source', 'namespace'] as const
export type FleetFilters = Pick<FleetSearch, (typeof FILTER_KEYS)[number]>

export function filtersFromParams(params: URLSearchParams): FleetFilters {
  const filters: FleetFilters = {}
  for (const key of FILTER_KEYS) {
    const value = params.get(key)?.trim()
    if (value) filters[key] = value
  }
  return filters
}

export const paramsFromFilters = (filters: FleetFilters): URLSearchParams =>
  new URLSearchParams(Object.entries(filters).filter(([, v]) => v) as [string, string][])
