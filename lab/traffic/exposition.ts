import { cumulative, merge, type LatencyStats } from './histogram'

/** Prometheus text exposition format 0.0.4: one HELP/TYPE group per metric name, escaped labels. */
export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

export type Labels = Record<string, string>

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')
const labelText = (labels: Labels) => {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escape(v)}"`)
  return pairs.length ? `{${pairs.join(',')}}` : ''
}
/** Envoy exports TYPE without HELP; the others both. */
const header = (name: string, help: string, type: string) =>
  `${help ? `# HELP ${name} ${help}\n` : ''}# TYPE ${name} ${type}\n`
const num = (v: number) => (Number.isInteger(v) ? String(v) : String(Number(v.toFixed(6))))

export function counterFamily(
  name: string,
  help: string,
  samples: { labels: Labels; value: number }[],
): string {
  if (samples.length === 0) return ''
  const lines = samples.map((s) => `${name}${labelText(s.labels)} ${num(s.value)}`)
  return `${header(name, help, 'counter')}${lines.join('\n')}\n`
}

/** A histogram family: for each series, the buckets in increasing `le`, +Inf = count, then sum and count. */
export function histogramFamily(
  name: string,
  help: string,
  bounds: readonly number[],
  samples: { labels: Labels; stats: LatencyStats }[],
): string {
  if (samples.length === 0) return ''
  const lines = samples.flatMap(({ labels, stats }) => {
    const counts = cumulative(stats, bounds)
    const les = [...bounds.map(num), '+Inf']
    return [
      ...les.map((le, i) => `${name}_bucket${labelText({ ...labels, le })} ${counts[i]}`),
      `${name}_sum${labelText(labels)} ${num(stats.sumMs)}`,
      `${name}_count${labelText(labels)} ${stats.count}`,
    ]
  })
  return `${header(name, help, 'histogram')}${lines.join('\n')}\n`
}

/** Sums the stats of every exchange that ends up with the same labels. */
export function groupSeries<T>(
  items: Iterable<T>,
  labelsOf: (item: T) => Labels,
  statsOf: (item: T) => LatencyStats,
) {
  const groups = new Map<string, { labels: Labels; stats: LatencyStats }>()
  for (const item of items) {
    const labels = labelsOf(item)
    const key = JSON.stringify(labels)
    const g = groups.get(key)
    groups.set(key, { labels, stats: g ? merge(g.stats, statsOf(item)) : statsOf(item) })
  }
  return [...groups.values()]
}
