/**
 * Integer shares of `total` proportional to `weights` (evenly when they are all 0), summing to
 * exactly `total` by the largest-remainder method: floor every exact share, then hand the missing
 * points to the largest fractional parts (ties to the earlier backend, so the result is
 * deterministic).
 */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0)
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : total / weights.length))
  const shares = exact.map(Math.floor)
  let missing = total - shares.reduce((s, f) => s + f, 0)
  const byRemainder = exact
    .map((e, i) => ({ i, r: e - shares[i]! }))
    .sort((a, b) => b.r - a.r || a.i - b.i)
  for (const { i } of byRemainder) {
    if (missing <= 0) break
    shares[i]! += 1
    missing -= 1
  }
  return shares
}

/**
 * Native relative weights (Istio ints, HTTPRoute up to 1,000,000, SMI quantities, Consul floats,
 * App Mesh 0-100) to integer percents summing to exactly 100. All-zero weights split evenly.
 */
export const toPercents = (weights: readonly number[]): number[] => apportion(100, weights)

/**
 * True when writing `percents` over the native `weights` would change no share of traffic, so a
 * read followed by a write of the same split leaves the native object untouched.
 */
export function samePercents(weights: readonly number[], percents: readonly number[]): boolean {
  const current = toPercents(weights)
  return current.length === percents.length && current.every((p, i) => p === percents[i])
}

/**
 * The most backend `index` can take: 100 minus what the locked others hold (and its current weight
 * when it cannot move at all, being locked or having no unlocked other to trade with).
 */
export function maxWeight(
  weights: readonly number[],
  index: number,
  locked: readonly boolean[],
): number {
  const current = toPercents(weights)
  const others = current.map((_, i) => i).filter((i) => i !== index)
  if (locked[index] || others.every((i) => locked[i])) return current[index] ?? 0
  return 100 - others.filter((i) => locked[i]).reduce((s, i) => s + current[i]!, 0)
}

/**
 * Moves one slider: backend `index` takes `value` (rounded, and clamped to what the unlocked others
 * can give or absorb), and the difference is spread over the other unlocked backends in proportion
 * to their current weights (evenly when they are all 0). Locked backends never change; the result
 * is integer percents summing to exactly 100.
 */
export function rebalance(
  weights: readonly number[],
  index: number,
  value: number,
  locked: readonly boolean[],
): number[] {
  const current = toPercents(weights)
  if (index < 0 || index >= current.length || locked[index] || !Number.isFinite(value))
    return current
  const others = current.map((_, i) => i).filter((i) => i !== index && !locked[i])
  if (others.length === 0) return current
  const available = current[index]! + others.reduce((s, i) => s + current[i]!, 0)
  const target = Math.min(Math.max(Math.round(value), 0), available)
  const shares = apportion(
    available - target,
    others.map((i) => current[i]!),
  )
  const next = [...current]
  next[index] = target
  others.forEach((i, k) => (next[i] = shares[k]!))
  return next
}
