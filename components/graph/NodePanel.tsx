'use client'

import Link from 'next/link'
import { HealthBadge } from '@/components/metrics/HealthBadge'
import { Button } from '@/components/ui/Button'
import type { GraphEdge, GraphFigures, GraphNode } from '@/lib/schemas'
import { formatMs, formatRate, formatRps, fullLabel } from './graph-view'

/** The four figures of a node or an edge, as a definition list. */
export function Figures({ figures, label }: { figures: GraphFigures; label: string }) {
  const rows: [string, string][] = [
    ['Requests', formatRps(figures.rps)],
    ['Success', formatRate(figures.successRate)],
    ['p95', formatMs(figures.p95)],
    ['p99', formatMs(figures.p99)],
  ]
  return (
    <dl aria-label={label} className="grid grid-cols-4 gap-2 text-sm">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt className="text-xs text-slate-500">{term}</dt>
          <dd className="font-medium text-slate-900 tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  )
}

function EdgeList({
  title,
  edges,
  other,
  byId,
}: {
  title: string
  edges: GraphEdge[]
  other: (e: GraphEdge) => string
  byId: Map<string, GraphNode>
}) {
  if (edges.length === 0) return null
  return (
    <div>
      <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</h3>
      <ul className="mt-1 space-y-1 text-sm">
        {edges.map((e) => {
          const n = byId.get(other(e))
          return (
            <li key={e.id} className="flex justify-between gap-2">
              <span className="truncate">{n ? fullLabel(n, byId) : other(e)}</span>
              <span className="tabular-nums text-slate-600">
                {formatRps(e.figures.rps)} · {formatRate(e.figures.successRate)}
              </span>
            </li>
          )
        })}
      </ul>
    </div>
  )
}

/** The selected node: where it runs, its health and figures, its calls in and out, and its page. */
export function NodePanel({
  node,
  edges,
  byId,
  onClose,
}: {
  node: GraphNode
  edges: GraphEdge[]
  byId: Map<string, GraphNode>
  onClose(): void
}) {
  const incoming = edges.filter((e) => e.target === node.id)
  const outgoing = edges.filter((e) => e.source === node.id)
  return (
    <aside
      aria-label={`${fullLabel(node, byId)} details`}
      className="space-y-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
    >
      <div className="flex items-start justify-between gap-2">
        <div>
          <h2 className="text-lg font-semibold text-slate-900">{fullLabel(node, byId)}</h2>
          <p className="text-sm text-slate-600">
            {node.kind} · {node.cluster}
            {node.namespace && ` / ${node.namespace}`}
            {node.meshKind && ` · ${node.meshKind}`}
          </p>
        </div>
        <Button onClick={onClose} aria-label="Close details">
          Close
        </Button>
      </div>
      {node.health && <HealthBadge status={node.health} title="canary verdict" />}
      {node.figures ? (
        <Figures figures={node.figures} label="Figures" />
      ) : (
        <p className="text-sm text-slate-500">No requests received over the window.</p>
      )}
      {node.versions && node.versions.length > 0 && (
        <p className="text-sm text-slate-600">Versions: {node.versions.join(', ')}</p>
      )}
      <EdgeList title="Called by" edges={incoming} other={(e) => e.source} byId={byId} />
      <EdgeList title="Calls" edges={outgoing} other={(e) => e.target} byId={byId} />
      {node.serviceId && (
        <Link
          href={`/services/${node.serviceId}`}
          className="inline-block rounded text-sm font-medium text-brand underline focus-visible:outline-2 focus-visible:outline-brand"
        >
          Open the service page
        </Link>
      )}
    </aside>
  )
}
