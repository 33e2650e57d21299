import type { Metadata } from 'next'
import { MeshDetails } from '@/components/inventory/MeshDetails'

export const metadata: Metadata = { title: 'Mesh' }

export default async function MeshPage({ params }: { params: Promise<{ meshId: string }> }) {
  const { meshId } = await params
  return <MeshDetails meshId={meshId} />
}
