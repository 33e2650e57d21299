import type { Metadata } from 'next'
import { ServiceDetails } from '@/components/inventory/ServiceDetails'

export const metadata: Metadata = { title: 'Service' }

export default async function ServicePage({ params }: { params: Promise<{ serviceId: string }> }) {
  const { serviceId } = await params
  return <ServiceDetails serviceId={serviceId} />
}
