import type { Metadata } from 'next'
import { ChangeDetails } from '@/components/changes/ChangeDetails'

export const metadata: Metadata = { title: 'Change' }

export default async function ChangePage({ params }: { params: Promise<{ changeId: string }> }) {
  const { changeId } = await params
  return <ChangeDetails changeId={changeId} />
}
