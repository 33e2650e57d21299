'use client'

import { GraphWindow, HealthStatus } from '@/lib/schemas'
import type { GraphFilters } from './graph-view'

const labelClass = 'text-xs font-medium text-slate-600'
const fieldClass =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm'

/** The graph's filters, applied at once in the browser (the API answer holds every node). */
export function GraphFilterBar({
  filters,
  choices,
  window,
  search,
  onFilters,
  onWindow,
  onSearch,
  onFind,
}: {
  filters: GraphFilters
  choices: { clusters: string[]; meshes: string[]; namespaces: string[] }
  window: GraphWindow
  search: string
  onFilters(filters: GraphFilters): void
  onWindow(window: GraphWindow): void
  onSearch(search: string): void
  /** Enter in the search: centre on the first match. */
  onFind(): void
}) {
  const choice = (
    label: string,
    key: 'clusters' | 'meshes' | 'namespaces' | 'health',
    any: string,
    options: readonly string[],
  ) => (
    <label className={labelClass}>
      {label}
      <select
        value={filters[key][0] ?? ''}
        onChange={(e) => onFilters({ ...filters, [key]: e.target.value ? [e.target.value] : [] })}
        className={fieldClass}
      >
        <option value="">{any}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  )
  return (
    <form
      aria-label="Graph filters"
      className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-8"
      onSubmit={(e) => e.preventDefault()}
    >
      <label className={`${labelClass} col-span-2`}>
        Search
        <input
          type="search"
          value={search}
          onChange={(e) => onSearch(e.target.value)}
          onKeyDown={(e) => {
            // The form holds several fields and no submit button: no implicit submission on Enter.
            if (e.key !== 'Enter') return
            e.preventDefault()
            onFind()
          }}
          placeholder="name, namespace or cluster (Enter: centre)"
          className={fieldClass}
        />
      </label>
      {choice('Cluster', 'clusters', 'All clusters', choices.clusters)}
      {choice('Mesh', 'meshes', 'All meshes', choices.meshes)}
      {choice('Namespace', 'namespaces', 'All namespaces', choices.namespaces)}
      {choice('Health', 'health', 'Any health', HealthStatus.options)}
      <label className={labelClass}>
        Min requests/s
        <input
          type="number"
          min={0}
          step="any"
          value={filters.minRps}
          onChange={(e) =>
            onFilters({ ...filters, minRps: Math.max(0, Number(e.target.value) || 0) })
          }
          className={fieldClass}
        />
      </label>
      <label className={labelClass}>
        Window
        <select
          value={window}
          onChange={(e) => onWindow(e.target.value as GraphWindow)}
          className={fieldClass}
        >
          {GraphWindow.options.map((w) => (
            <option key={w} value={w}>
              {w}
            </option>
          ))}
        </select>
      </label>
    </form>
  )
}
