/**
 * Native relative weights (Istio ints, HTTPRoute up to 1,000,000, SMI quantities, Consul floats,
 * App Mesh 0-100) to integer percents summing to exactly 100, by the largest-remainder method:
 * floor every exact share, then hand the missing points to the largest fractional parts (ties to
 * the earlier backend, so the result is deterministic). All-zero weights split evenly.
 */
export function toPercents(weights: readonly number[]): number[] {
  if (weights.length === 0) return []
  const total = weights.reduce((s, w) => s + w, 0)
  const exact = total > 0 ? weights.map((w) => (w * 100) / total) : weights.map(() => 100 / weights.length)
  const floors = exact.map(Math.floor)
  let missing = 100 - floors.reduce((s, f) => s + f, 0)
  const byRemainder = exact.map((e, i) => ({ i, r: e - floors[i]! })).sort((a, b) => b.r - a.r || a.i - b.i)
  for (const { i } of byRemainder) {
    if (missing <= 0) break
    floors[i]! += 1
    missing -= 1
  }
  return floors
}

/**
 * True when writing `percents` over the native `weights` would change no share of traffic, so a
 * read followed by a write of the same split leaves the native object untouched.
 */
export function samePercents(weights: readonly number[], percents: readonly number[]): boolean {
  const current = toPercents(weights)
  return current.length === percents.length && current.every((p, i) => p === percents[i])
}
