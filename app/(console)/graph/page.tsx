import type { Metadata } from 'next'
import { GraphPage } from '@/components/graph/GraphPage'

export const metadata: Metadata = { title: 'Graph' }

// Drawn in the browser (WebGL): the server renders the frame, the client fetches the graph.
export default function Graph() {
  return <GraphPage />
}
