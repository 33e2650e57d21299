import type { Metadata } from 'next'
import { Suspense } from 'react'
import { MeshTable } from '@/components/inventory/MeshTable'
import { Overview } from '@/components/inventory/Overview'
import { SourceTable } from '@/components/inventory/SourceTable'
import { SkeletonRows } from '@/components/ui/Skeleton'
import { headers } from 'next/headers'
import { requestIdentity } from '@/server/identity'
import { getInventory } from '@/server/inventory'

export const metadata: Metadata = { title: 'Overview' }
// Live inventory: rendered per request, never at build time.
export const dynamic = 'force-dynamic'

/**
 * The tables are rendered on the server with the inventory's answer and streamed in as soon as
 * it has one (within the source timeout, whatever the browser's speed), then refresh on their own.
 * Should the server not answer, the tables fetch /api/v1 themselves and show its error.
 */
export default function OverviewPage() {
  return (
    <Overview
      sources={
        <Suspense fallback={<SkeletonRows label="sources" />}>
          <Sources />
        </Suspense>
      }
      meshes={
        <Suspense fallback={<SkeletonRows label="meshes" />}>
          <Meshes />
        </Suspense>
      }
    />
  )
}

async function Sources() {
  const items = await attempt(async () => (await inventory()).listSources())
  return <SourceTable initial={items && { items }} />
}

async function Meshes() {
  return <MeshTable initial={await attempt(async () => (await inventory()).listMeshes())} />
}

/** The inventory as the signed-in person sees it, as the API answers them. */
const inventory = async () => getInventory().as(await requestIdentity(await headers()))

async function attempt<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read()
  } catch {
    return undefined
  }
}
