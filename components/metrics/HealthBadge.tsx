import { Badge } from '@/components/ui/Badge'
import { healthTone } from '@/components/ui/tones'
import type { HealthStatus } from '@/lib/schemas'

export function HealthBadge({ status, title }: { status: HealthStatus; title?: string }) {
  return (
    <Badge tone={healthTone[status]} title={title}>
      {status}
    </Badge>
  )
}
