'use client'

import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import { EmptyState } from '@/components/ui/EmptyState'
import { ErrorState } from '@/components/ui/ErrorState'
import { PageHeader } from '@/components/ui/PageHeader'
import { SkeletonRows } from '@/components/ui/Skeleton'
import { Warning } from '@/components/ui/Warning'
import { api } from '@/lib/api-client'
import type { GraphWindow } from '@/lib/schemas'
import { GraphCanvas } from './GraphCanvas'
import { GraphFilterBar } from './GraphFilterBar'
import { filterChoices, fullLabel, matchesSearch, NO_FILTERS, visibleGraph } from './graph-view'
import { Figures, NodePanel } from './NodePanel'
import { NodeList } from './NodeList'

/** A few scrapes: the graph follows the traffic while the tab is visible (react-query pauses when hidden). */
const GRAPH_REFRESH = 5_000

/**
 * Who calls whom across every cluster and mesh: the canvas (GraphCanvas), the filters, the
 * selected node's panel, and the same nodes as a table for the keyboard.
 */
export function GraphPage() {
  const [window, setWindow] = useState<GraphWindow>('1m')
  const [filters, setFilters] = useState(NO_FILTERS)
  const [search, setSearch] = useState('')
  const [selected, setSelected] = useState<string | null>(null)
  const [focus, setFocus] = useState<string | null>(null)
  const [hover, setHover] = useState<{ id: string; at: { x: number; y: number } } | null>(null)
  const query = useQuery({
    queryKey: ['graph', window],
    queryFn: () => api.graph({ window }),
    refetchInterval: GRAPH_REFRESH,
    placeholderData: keepPreviousData,
  })
  const graph = query.data
  const visible = useMemo(() => (graph ? visibleGraph(graph, filters) : null), [graph, filters])
  const choices = useMemo(
    () => (graph ? filterChoices(graph) : { clusters: [], meshes: [], namespaces: [] }),
    [graph],
  )
  const byId = useMemo(() => new Map(graph?.nodes.map((n) => [n.id, n])), [graph])
  const matches = useMemo(
    () =>
      visible && search.trim()
        ? new Set(visible.nodes.filter((n) => matchesSearch(n, search)).map((n) => n.id))
        : null,
    [visible, search],
  )
  const listed =
    visible && matches ? visible.nodes.filter((n) => matches.has(n.id)) : visible?.nodes
  const select = (id: string | null) => {
    setSelected(id)
    if (id) setFocus(id)
  }
  const selectedNode = selected && visible?.nodes.find((n) => n.id === selected)
  const hovered = hover && byId.get(hover.id)

  return (
    <div className="space-y-6">
      <PageHeader crumbs={[{ label: 'Graph' }]} title="Service graph">
        <span>Who calls whom in every cluster and mesh, over the last {window}.</span>
        {visible && (
          <span>
            {visible.nodes.length} nodes · {visible.edges.length} edges
          </span>
        )}
      </PageHeader>
      <GraphFilterBar
        filters={filters}
        choices={choices}
        window={window}
        search={search}
        onFilters={setFilters}
        onWindow={setWindow}
        onSearch={setSearch}
        onFind={() => {
          const first = visible?.nodes.find((n) => matches?.has(n.id))
          if (first) select(first.id)
        }}
      />
      {query.isError && !graph && (
        <ErrorState
          title="The graph could not be loaded"
          error={query.error}
          onRetry={() => void query.refetch()}
        />
      )}
      {!graph && !query.isError && <SkeletonRows label="the service graph" />}
      {graph && !graph.metricsAvailable && (
        <Warning label="No traffic figures">
          No traffic figures ({graph.metricsUnavailableReason ?? 'Prometheus did not answer'}):
          services are shown without their calls.
        </Warning>
      )}
      {graph?.errors.map((e) => (
        <Warning key={`${e.sourceId}${e.message}`} label={`${e.sourceName} is missing`}>
          {e.sourceName}: {e.message}
        </Warning>
      ))}
      {visible && (
        <div className="grid gap-4 lg:grid-cols-[1fr_20rem]">
          <div className="relative">
            <GraphCanvas
              nodes={visible.nodes}
              edges={visible.edges}
              selected={selected}
              matches={matches}
              focus={focus}
              onSelect={select}
              onHover={setHover}
            />
            {visible.nodes.length === 0 && (
              <div className="absolute inset-0 grid place-items-center">
                <EmptyState title="Nothing to draw">No node passes the filters.</EmptyState>
              </div>
            )}
            {hovered && hover && (
              <div
                role="tooltip"
                className="pointer-events-none absolute z-10 w-72 rounded-md bg-white p-2 shadow-lg ring-1 ring-slate-200"
                style={{ left: hover.at.x + 12, top: hover.at.y + 12 }}
              >
                <p className="text-sm font-medium">{fullLabel(hovered, byId)}</p>
                {hovered.figures && <Figures figures={hovered.figures} label="Hovered figures" />}
              </div>
            )}
            <Legend />
          </div>
          {selectedNode ? (
            <NodePanel
              node={selectedNode}
              edges={visible.edges}
              byId={byId}
              onClose={() => setSelected(null)}
            />
          ) : (
            <p className="text-sm text-slate-500">
              Click a node, or pick one in the list below, to see its figures and calls.
            </p>
          )}
        </div>
      )}
      {listed && <NodeList nodes={listed} byId={byId} selected={selected} onSelect={select} />}
    </div>
  )
}

function Legend() {
  const item = (colour: string, label: string) => (
    <span className="flex items-center gap-1">
      <span aria-hidden className="size-2.5 rounded-full" style={{ background: colour }} />
      {label}
    </span>
  )
  return (
    <div className="mt-2 flex flex-wrap gap-3 text-xs text-slate-600">
      {item('#16a34a', 'healthy')}
      {item('#d97706', 'degraded / edge > 1% errors')}
      {item('#dc2626', 'failing / edge > 5% errors')}
      {item('#94a3b8', 'no verdict')}
      <span>Edge thickness: requests per second.</span>
    </div>
  )
}
