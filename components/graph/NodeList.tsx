'use client'

import { HealthBadge } from '@/components/metrics/HealthBadge'
import { Table, TBody, Td, Th, THead, Tr } from '@/components/ui/Table'
import type { GraphNode } from '@/lib/schemas'
import { formatRate, formatRps, fullLabel } from './graph-view'

/** Most graph pages would be a few hundred rows here: the busiest first, the rest on request. */
const SHOWN = 200

/**
 * The visible nodes as a table, for keyboard and screen-reader users (and anyone who would rather
 * read than look): each name is a button that selects the node, as a click on the canvas does.
 */
export function NodeList({
  nodes,
  byId,
  selected,
  onSelect,
}: {
  nodes: GraphNode[]
  byId: Map<string, GraphNode>
  selected: string | null
  onSelect(id: string): void
}) {
  const sorted = [...nodes].sort(
    (a, b) => (b.figures?.rps ?? 0) - (a.figures?.rps ?? 0) || a.name.localeCompare(b.name),
  )
  return (
    <div className="space-y-2">
      <Table label="Graph nodes">
        <THead>
          <tr>
            <Th>Node</Th>
            <Th>Kind</Th>
            <Th>Cluster / namespace</Th>
            <Th>Mesh</Th>
            <Th>Health</Th>
            <Th className="text-right">Requests</Th>
            <Th className="text-right">Success</Th>
          </tr>
        </THead>
        <TBody>
          {sorted.slice(0, SHOWN).map((n) => (
            <Tr key={n.id} aria-selected={n.id === selected}>
              <Td>
                <button
                  type="button"
                  onClick={() => onSelect(n.id)}
                  className="rounded font-medium text-slate-900 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-brand"
                >
                  {fullLabel(n, byId)}
                </button>
              </Td>
              <Td>{n.kind}</Td>
              <Td>
                {n.cluster}
                {n.namespace && ` / ${n.namespace}`}
              </Td>
              <Td>{n.meshKind ?? '—'}</Td>
              <Td>{n.health ? <HealthBadge status={n.health} /> : '—'}</Td>
              <Td className="text-right tabular-nums">
                {n.figures ? formatRps(n.figures.rps) : '—'}
              </Td>
              <Td className="text-right tabular-nums">
                {n.figures ? formatRate(n.figures.successRate) : '—'}
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      {sorted.length > SHOWN && (
        <p className="text-sm text-slate-500">
          The {SHOWN} busiest of {sorted.length} nodes; narrow the filters or search to see others.
        </p>
      )}
    </div>
  )
}
