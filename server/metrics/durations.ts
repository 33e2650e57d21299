import 'server-only'

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 }

/** Seconds in a Prometheus-style duration (`15s`, `5m`, `1h`, `7d`); null when malformed. */
export function durationSeconds(text: string): number | null {
  const m = /^(\d+)([smhd])$/.exec(text)
  return m ? Number(m[1]) * UNITS[m[2]!]! : null
}
