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

/** The replicas of every backend of a service, ready over all. */
export function BackendsReadiness({
  backends,
}: {
  backends: readonly { readyReplicas: number; replicas: number }[]
}) {
  const ready = backends.reduce((n, b) => n + b.readyReplicas, 0)
  const total = backends.reduce((n, b) => n + b.replicas, 0)
  return <Readiness ready={ready} total={total} />
}
