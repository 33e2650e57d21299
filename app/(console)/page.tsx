import { Overview } from '@/components/inventory/Overview'

export default function OverviewPage() {
  return <Overview />
}
