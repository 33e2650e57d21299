import 'server-only'
import type { CandidateBackend, SplitUpdate, TrafficSplit } from '@/lib/schemas'

/** A backend as a write leaves the route: its percent, and whether it joins (a candidate given weight). */
export type NextBackend = { name: string; weight: number; joins: boolean }

/**
 * The route after `desired` (names already checked): its backends as read, in order, less those
 * removed, then the candidates given weight, in the order asked. A candidate left at 0 stays out.
 */
export function nextBackends(current: TrafficSplit, desired: SplitUpdate): NextBackend[] {
  const weights = new Map(desired.backends.map((b) => [b.name, b.weight]))
  const removed = new Set(desired.remove ?? [])
  const routed = new Set(current.backends.map((b) => b.name))
  return [
    ...current.backends
      .filter((b) => !removed.has(b.name))
      .map((b) => ({ name: b.name, weight: weights.get(b.name) ?? 0, joins: false })),
    ...desired.backends
      .filter((b) => !routed.has(b.name) && b.weight > 0)
      .map((b) => ({ name: b.name, weight: b.weight, joins: true })),
  ]
}

/** True when the route's backends themselves change (one joins or leaves), not only weights. */
export const changesMembership = (current: TrafficSplit, next: readonly NextBackend[]) =>
  next.length !== current.backends.length || next.some((b) => b.joins)

/** The candidates a write may give weight: those without a reason against it. */
export const movableCandidates = (split: TrafficSplit): string[] =>
  (split.candidates ?? []).filter((c) => !c.reason).map((c) => c.name)

/** The split with its candidates, when it has any (a split without any reads as it always did). */
export const withCandidates = (
  split: TrafficSplit,
  candidates: readonly CandidateBackend[],
): TrafficSplit => (candidates.length > 0 ? { ...split, candidates: [...candidates] } : split)
