import type { Metadata } from 'next'
import { Suspense } from 'react'
import { FleetPage } from '@/components/fleet/FleetPage'
import { SkeletonRows } from '@/components/ui/Skeleton'

export const metadata: Metadata = { title: 'Services' }

// The filters are read from the URL in the browser; the page itself has nothing to prerender.
export default function Services() {
  return (
    <Suspense fallback={<SkeletonRows label="services" rows={5} />}>
      <FleetPage />
    </Suspense>
  )
}
