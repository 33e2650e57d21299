import type { Metadata } from 'next'
import { Suspense } from 'react'
import { ChangesPage } from '@/components/changes/ChangesPage'
import { SkeletonRows } from '@/components/ui/Skeleton'

export const metadata: Metadata = { title: 'Changes' }

// The filters are read from the URL in the browser; the page itself has nothing to prerender.
export default function Changes() {
  return (
    <Suspense fallback={<SkeletonRows label="changes" />}>
      <ChangesPage />
    </Suspense>
  )
}
