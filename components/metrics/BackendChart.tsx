'use client'

import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import type { ChartRow } from './chart-data'

export type ChartLine = { key: string; name?: string; color: string; dash?: string }

/** A change applied at `t` (epoch ms), drawn as a dashed vertical line labelled `label`. */
export type ChartMarker = { id: string; t: number; label: string }

const time = (t: number) =>
  new Date(t).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })

/**
 * One panel: a line per backend (or per percentile) over time, and a dashed vertical line at each
 * applied split change.
 */
export function BackendChart({
  title,
  rows,
  lines,
  format,
  domain,
  markers,
}: {
  title: string
  rows: ChartRow[]
  lines: ChartLine[]
  format: (value: number) => string
  domain?: [number | 'auto', number | 'auto']
  markers: ChartMarker[]
}) {
  const start = rows[0]?.t ?? 0
  const end = rows.at(-1)?.t ?? 0
  // a change applied since the last scrape still shows, at the right edge
  const visible = markers.filter((m) => m.t >= start)
  const right = Math.max(end, ...visible.map((m) => m.t))
  return (
    <figure aria-label={title} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <figcaption className="mb-2 text-sm font-medium text-slate-800">{title}</figcaption>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--color-slate-100)" vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[start, right]}
            tickFormatter={time}
            tick={{ fontSize: 11, fill: 'var(--color-slate-500)' }}
            minTickGap={40}
          />
          <YAxis
            width={56}
            domain={domain ?? [0, 'auto']}
            tickFormatter={format}
            tick={{ fontSize: 11, fill: 'var(--color-slate-500)' }}
            allowDataOverflow={domain !== undefined}
          />
          <Tooltip
            labelFormatter={(t) => time(Number(t))}
            formatter={(value) => (typeof value === 'number' ? format(value) : '–')}
            contentStyle={{ fontSize: 12, borderRadius: 6 }}
          />
          {visible.map((m) => (
            <ReferenceLine
              key={m.id}
              x={m.t}
              stroke="var(--color-slate-500)"
              strokeDasharray="4 3"
              label={{
                value: m.label,
                position: 'insideTopRight',
                fontSize: 10,
                fill: 'var(--color-slate-500)',
              }}
            />
          ))}
          {lines.map((l) => (
            <Line
              key={l.key}
              dataKey={l.key}
              name={l.name ?? l.key}
              stroke={l.color}
              strokeWidth={2}
              strokeDasharray={l.dash}
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  )
}
