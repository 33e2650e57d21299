import { Table, TBody, THead, Td, Th, Tr } from '@/components/ui/Table'
import { backendFill } from '@/components/ui/tones'
import type { BackendMetrics } from '@/lib/schemas'
import { formatMs, formatRps, formatShare, formatSuccess } from '@/lib/metrics-format'

/** Each backend's figures over the last rate window, one row per backend. */
export function CurrentMetricsTable({
  backends,
  colorIndex,
}: {
  backends: readonly BackendMetrics[]
  colorIndex: (name: string) => number
}) {
  return (
    <Table label="Current metrics">
      <THead>
        <tr>
          <Th>Backend</Th>
          <Th className="text-right">Share</Th>
          <Th className="text-right">Requests/s</Th>
          <Th className="text-right">Success</Th>
          <Th className="text-right">p50</Th>
          <Th className="text-right">p95</Th>
          <Th className="text-right">p99</Th>
        </tr>
      </THead>
      <TBody>
        {backends.map((b) => (
          <Tr key={b.name}>
            <Th scope="row" className="py-3 text-left font-medium text-slate-900">
              <span className="inline-flex items-center gap-2">
                <span
                  aria-hidden
                  className={`size-2.5 rounded-sm ${backendFill(colorIndex(b.name))}`}
                />
                {b.name}
              </span>
            </Th>
            <Td className="text-right font-medium tabular-nums">{formatShare(b.current.share)}</Td>
            <Td className="text-right tabular-nums">{formatRps(b.current.rps)}</Td>
            <Td className="text-right tabular-nums">{formatSuccess(b.current.successRate)}</Td>
            <Td className="text-right tabular-nums">{formatMs(b.current.p50)}</Td>
            <Td className="text-right tabular-nums">{formatMs(b.current.p95)}</Td>
            <Td className="text-right tabular-nums">{formatMs(b.current.p99)}</Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  )
}
