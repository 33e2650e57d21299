/** What the page sends the layout worker: the nodes (where they are now) and the edges. */
export type LayoutRequest = {
  id: number
  iterations: number
  nodes: { id: string; x: number; y: number; size: number; fixed: boolean }[]
  edges: { source: string; target: string; weight: number }[]
}

/** Every node's place after the layout, by id. */
export type LayoutResult = { id: number; positions: Record<string, { x: number; y: number }> }
