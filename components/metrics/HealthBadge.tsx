import { Badge } from '@/components/ui/Badge'
import type { Tone } from '@/components/ui/tones'
import type { HealthStatus } from '@/lib/schemas'

/** A canary verdict in the theme's tones: healthy ok, degraded warn, failing bad, unknown neutral. */
export const healthTone: Record<HealthStatus, Tone> = {
  healthy: 'ok',
  degraded: 'warn',
  failing: 'bad',
  unknown: 'neutral',
}

export function HealthBadge({ status, title }: { status: HealthStatus; title?: string }) {
  return (
    <Badge tone={healthTone[status]} title={title}>
      {status}
    </Badge>
  )
}
