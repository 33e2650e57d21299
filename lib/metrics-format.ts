import { formatLatency } from './format'

/** Figures of the golden signals for people; null (no requests) reads as a dash. */

const DASH = '–'

/** Requests per second: "0.42", "12.3", "1,250". */
export function formatRps(rps: number): string {
  if (rps === 0) return '0'
  if (rps < 1) return rps.toFixed(2)
  if (rps < 100) return rps.toFixed(1)
  return Math.round(rps).toLocaleString('en-US')
}

/** A fraction 0–1 as a percent with one decimal: "99.9%" (100% stays "100%"). */
export function formatSuccess(rate: number | null): string {
  if (rate === null) return DASH
  return rate === 1 ? '100%' : `${(rate * 100).toFixed(1)}%`
}

/** A backend's share of the service's traffic as a whole percent: "50%". */
export function formatShare(share: number | null): string {
  return share === null ? DASH : `${Math.round(share * 100)}%`
}

/** A latency figure: as `formatLatency` ("42 ms", "1.5 s"), with a decimal below 10 ms ("8.5 ms"). */
export function formatMs(ms: number | null): string {
  if (ms === null) return DASH
  return ms < 10 ? `${ms.toFixed(1)} ms` : formatLatency(ms)
}
