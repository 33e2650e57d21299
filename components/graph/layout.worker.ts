import Graph from 'graphology'
import forceAtlas2 from 'graphology-layout-forceatlas2'
import type { LayoutRequest, LayoutResult } from './layout-messages'

/**
 * ForceAtlas2 off the main thread (a same-origin worker, so the CSP's `worker-src 'self'`
 * covers it). Nodes placed by an earlier layout come `fixed`, so a refresh only places new nodes
 * and everything else stays where the operator last saw it.
 */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<LayoutRequest>) => void) | null
  postMessage(message: LayoutResult): void
}

scope.onmessage = ({ data }) => {
  const graph = new Graph({ type: 'directed', multi: false })
  for (const n of data.nodes) graph.addNode(n.id, { x: n.x, y: n.y, size: n.size, fixed: n.fixed })
  for (const e of data.edges)
    if (graph.hasNode(e.source) && graph.hasNode(e.target) && e.source !== e.target)
      graph.mergeEdge(e.source, e.target, { weight: e.weight })
  const settings = {
    ...forceAtlas2.inferSettings(graph),
    barnesHutOptimize: graph.order > 200,
    adjustSizes: false,
  }
  const positions = forceAtlas2(graph, { iterations: data.iterations, settings })
  scope.postMessage({ id: data.id, positions })
}
