import 'server-only'
import type { SplitWriteResult, TrafficSplit } from '@/lib/schemas'

/** A split as a change record keeps it (records say who wrote, not who owns, nor what could join). */
export const recorded = ({ owner: _owner, candidates: _candidates, ...split }: TrafficSplit) =>
  split

/** A write's answer as a read would give it. */
export const asRead = ({ outcome: _outcome, ...split }: SplitWriteResult): TrafficSplit => split

/** The dot paths whose values differ between two JSON values. */
export function diffPaths(a: unknown, b: unknown, at = ''): string[] {
  if (Object.is(a, b)) return []
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null
  if (!isObject(a) || !isObject(b) || Array.isArray(a) !== Array.isArray(b)) return [at]
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...keys].flatMap((k) => diffPaths(a[k], b[k], at ? `${at}.${k}` : k))
}
