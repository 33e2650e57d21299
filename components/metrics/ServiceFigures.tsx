import { HealthBadge } from './HealthBadge'
import { Td, Th } from '@/components/ui/Table'
import type { MeshService } from '@/lib/schemas'
import { formatMs, formatRps, formatSuccess } from '@/lib/metrics-format'

/** The service list's metric columns: health, requests/s, success and p99. */
export function ServiceFiguresHeads() {
  return (
    <>
      <Th>Health</Th>
      <Th className="text-right">Requests/s</Th>
      <Th className="text-right">Success</Th>
      <Th className="text-right">p99</Th>
    </>
  )
}

/** A service's cells under those heads; dashes when Prometheus had nothing to say. */
export function ServiceFigures({ service }: { service: MeshService }) {
  const { metrics, health } = service
  const reason = health?.reasons.map((r) => r.message).join('; ')
  return (
    <>
      <Td>
        {health ? (
          <HealthBadge status={health.status} title={reason || undefined} />
        ) : (
          <span className="text-slate-400" title="No metrics">
            –
          </span>
        )}
      </Td>
      <Td className="text-right whitespace-nowrap tabular-nums">
        {metrics ? formatRps(metrics.rps) : '–'}
      </Td>
      <Td className="text-right whitespace-nowrap tabular-nums">
        {metrics ? formatSuccess(metrics.successRate) : '–'}
      </Td>
      <Td className="text-right whitespace-nowrap tabular-nums">
        {metrics ? formatMs(metrics.p99) : '–'}
      </Td>
    </>
  )
}
