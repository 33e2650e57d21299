import type { Metadata } from 'next'
import { RolloutsPage } from '@/components/rollouts/RolloutsPage'

export const metadata: Metadata = { title: 'Rollouts' }

export default function Rollouts() {
  return <RolloutsPage />
}
