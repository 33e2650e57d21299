import type { RolloutState } from '@/lib/schemas'
import { Badge } from '@/components/ui/Badge'
import type { Tone } from '@/components/ui/tones'

const TONE: Record<RolloutState, Tone> = {
  progressing: 'ok',
  waiting: 'neutral',
  paused: 'warn',
  promoted: 'ok',
  'rolled-back': 'bad',
  aborted: 'neutral',
}

export function RolloutStateBadge({ state, title }: { state: RolloutState; title?: string }) {
  return (
    <Badge tone={TONE[state]} title={title}>
      {state}
    </Badge>
  )
}
