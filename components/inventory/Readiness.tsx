import { Badge } from '@/components/ui/Badge'
import { readinessTone } from '@/components/ui/tones'

/** "3/4 ready", coloured by how many replicas are ready. */
export function Readiness({ ready, total }: { ready: number; total: number }) {
  return (
    <Badge tone={readinessTone(ready, total)}>
      <span className="tabular-nums">
        {ready}/{total}
      </span>{' '}
      ready
    </Badge>
  )
}
