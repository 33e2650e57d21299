'use client'

import Graph from 'graphology'
import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import type Sigma from 'sigma'
import type { GraphEdge, GraphNode } from '@/lib/schemas'
import {
  edgeColour,
  edgeSize,
  groupsOf,
  nodeColour,
  nodeLabel,
  nodeSize,
  seedPosition,
} from './graph-view'
import type { LayoutRequest, LayoutResult } from './layout-messages'

type Point = { x: number; y: number }
type Props = {
  nodes: GraphNode[]
  edges: GraphEdge[]
  selected: string | null
  /** Nodes the search matches: drawn highlighted, the others faded. */
  matches: Set<string> | null
  /** The node to centre the camera on (search, list). */
  focus: string | null
  onSelect(id: string | null): void
  onHover(hover: { id: string; at: Point } | null): void
}

// Fetched as soon as this module loads in the browser, while the graph's answer is on its way.
const sigmaModule = typeof window === 'undefined' ? null : import('sigma')

const FIRST_ITERATIONS = 150
const LATER_ITERATIONS = 80
const FADED = '#e2e8f0'

/**
 * The graph drawn with sigma (WebGL: one draw call per layer, not one element per node) over a
 * graphology graph kept in step with the visible nodes and edges. Positions live in `places`,
 * by node id, for the page's lifetime: a refresh or a filter change keeps every known node where
 * it was, and only new nodes are laid out (in the worker), seeded beside their cluster/namespace.
 */
export function GraphCanvas({ nodes, edges, selected, matches, focus, onSelect, onHover }: Props) {
  const container = useRef<HTMLDivElement>(null)
  const graph = useRef(new Graph({ type: 'directed', multi: false }))
  const renderer = useRef<Sigma | null>(null)
  const worker = useRef<Worker | null>(null)
  const places = useRef(new Map<string, Point>())
  const placed = useRef(new Set<string>())
  const request = useRef(0)
  const view = useRef({ selected, matches, focus, onSelect, onHover })
  // The renderer's handlers and reducers read the latest props through this ref.
  useLayoutEffect(() => {
    view.current = { selected, matches, focus, onSelect, onHover }
  })
  const [layout, setLayout] = useState<'pending' | 'running' | 'done'>('pending')
  const [focused, setFocused] = useState<string | null>(null)

  const centreOn = (id: string | null) => {
    const r = renderer.current
    const data = id && r?.getNodeDisplayData(id)
    if (!r || !data) return
    r.getCamera().setState({ x: data.x, y: data.y, ratio: 0.35 })
    setFocused(id)
  }

  // The renderer and the worker live as long as the component.
  useEffect(() => {
    let live = true
    const w = new Worker(new URL('./layout.worker.ts', import.meta.url))
    worker.current = w
    w.onmessage = ({ data }: MessageEvent<LayoutResult>) => {
      if (data.id !== request.current) return
      const g = graph.current
      for (const [id, p] of Object.entries(data.positions)) {
        places.current.set(id, p)
        placed.current.add(id)
        if (g.hasNode(id)) g.mergeNodeAttributes(id, p)
      }
      setLayout('done')
      centreOn(view.current.focus)
    }
    void sigmaModule?.then(({ default: SigmaRenderer }) => {
      if (!live || !container.current) return
      const r = new SigmaRenderer(graph.current, container.current, {
        defaultEdgeType: 'arrow',
        renderEdgeLabels: false,
        labelRenderedSizeThreshold: 7,
        // Thousands of labels redrawn on the 2D canvas every frame would dominate a pan.
        hideLabelsOnMove: true,
        zIndex: true,
        nodeReducer: (id, attrs) => {
          const { selected: sel, matches: found } = view.current
          const out = { ...attrs }
          if (id === sel) Object.assign(out, { highlighted: true, zIndex: 2 })
          if (found && !found.has(id)) Object.assign(out, { color: FADED, label: '' })
          if (found?.has(id)) Object.assign(out, { highlighted: true, zIndex: 1 })
          return out
        },
        edgeReducer: (id, attrs) => {
          const { selected: sel, matches: found } = view.current
          const [s, t] = graph.current.extremities(id)
          if (sel && s !== sel && t !== sel) return { ...attrs, color: FADED, zIndex: 0 }
          if (found && !found.has(s) && !found.has(t)) return { ...attrs, color: FADED }
          return { ...attrs, zIndex: 1 }
        },
      })
      r.on('clickNode', ({ node }) => view.current.onSelect(node))
      r.on('clickStage', () => view.current.onSelect(null))
      r.on('enterNode', ({ node, event }) =>
        view.current.onHover({ id: node, at: { x: event.x, y: event.y } }),
      )
      r.on('leaveNode', () => view.current.onHover(null))
      renderer.current = r
    })
    return () => {
      live = false
      w.terminate()
      renderer.current?.kill()
      renderer.current = null
    }
  }, [])

  // Keep the graphology graph in step with what is visible; lay out the nodes never placed.
  useEffect(() => {
    const g = graph.current
    const wanted = new Set(nodes.map((n) => n.id))
    g.forEachNode((id) => {
      if (!wanted.has(id)) g.dropNode(id)
    })
    const groups = groupsOf(nodes)
    for (const n of nodes) {
      const place = places.current.get(n.id) ?? seedPosition(n, groups)
      places.current.set(n.id, place)
      const attrs = { ...place, label: nodeLabel(n), size: nodeSize(n), color: nodeColour(n) }
      if (g.hasNode(n.id)) g.mergeNodeAttributes(n.id, attrs)
      else g.addNode(n.id, attrs)
    }
    const edgeIds = new Set(edges.map((e) => e.id))
    g.forEachEdge((id) => {
      if (!edgeIds.has(id)) g.dropEdge(id)
    })
    for (const e of edges) {
      const attrs = { size: edgeSize(e), color: edgeColour(e) }
      if (g.hasEdge(e.id)) g.mergeEdgeAttributes(e.id, attrs)
      else if (e.source !== e.target) g.addDirectedEdgeWithKey(e.id, e.source, e.target, attrs)
    }
    const fresh = nodes.filter((n) => !placed.current.has(n.id))
    if (fresh.length === 0 || !worker.current) return
    const first = placed.current.size === 0
    const message: LayoutRequest = {
      id: ++request.current,
      iterations: first ? FIRST_ITERATIONS : LATER_ITERATIONS,
      nodes: nodes.map((n) => ({
        id: n.id,
        ...places.current.get(n.id)!,
        size: nodeSize(n),
        fixed: placed.current.has(n.id),
      })),
      edges: edges.map((e) => ({ source: e.source, target: e.target, weight: 1 })),
    }
    setLayout('running')
    // After the frame that draws the seeded positions: the first picture does not wait for the layout.
    const w = worker.current
    requestAnimationFrame(() => setTimeout(() => w.postMessage(message)))
  }, [nodes, edges])

  // Selection and search change only how things are drawn.
  useEffect(() => {
    renderer.current?.refresh({ skipIndexation: true })
  }, [selected, matches])

  useEffect(() => centreOn(focus), [focus])

  return (
    <div
      ref={container}
      data-testid="graph-canvas"
      data-layout={layout}
      data-focused={focused ?? ''}
      role="img"
      aria-label={`Service graph: ${nodes.length} nodes, ${edges.length} edges. The list below the graph holds the same nodes.`}
      className="h-[560px] w-full rounded-lg bg-white ring-1 ring-slate-200"
    />
  )
}
