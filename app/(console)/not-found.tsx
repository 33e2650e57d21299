import Link from 'next/link'
import { EmptyState } from '@/components/ui/EmptyState'

export default function NotFound() {
  return (
    <EmptyState title="Nothing here">
      <Link href="/" className="text-brand hover:underline">
        Back to the overview
      </Link>
    </EmptyState>
  )
}
