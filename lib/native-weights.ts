import { samePercents } from './weights'

/**
 * Percents back to each mesh's native weight form. The rule every converter keeps: writing back
 * the percents just read returns the native values unchanged (no drift, no rescaling noise in the
 * diff), and any other percents come out as native values that read back as exactly those percents.
 */

/** The largest HTTPRoute backendRef weight (gateway-api: 0–1,000,000). */
export const HTTPROUTE_MAX_WEIGHT = 1_000_000

/** Gateway API: a backendRef without `weight` weighs 1. */
export const httpRouteWeight = (weight: number | undefined | null): number => weight ?? 1

/**
 * Relative integer weights (Istio route weights, HTTPRoute backendRefs, SMI v1alpha2+). Unchanged
 * percents keep the current values; changed ones keep the current scale when it is a whole
 * multiple of 100 (a route written as 1000/0 stays in thousands), else they are the percents.
 */
export function toRelativeWeights(
  percents: readonly number[],
  current: readonly number[],
  max = Number.MAX_SAFE_INTEGER,
): number[] {
  if (current.length === percents.length && samePercents(current, percents)) return [...current]
  const total = current.reduce((s, w) => s + w, 0)
  const factor = total > 0 && total % 100 === 0 && total <= max ? total / 100 : 1
  return percents.map((p) => p * factor)
}

/** HTTPRoute backendRef weights, absent ones counting as 1, within the API's maximum. */
export function toHttpRouteWeights(
  percents: readonly number[],
  current: readonly (number | undefined | null)[],
): number[] {
  return toRelativeWeights(percents, current.map(httpRouteWeight), HTTPROUTE_MAX_WEIGHT)
}

const DECIMAL_SUFFIX: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
}
const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 }
const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/

/**
 * A Kubernetes resource quantity (`100m`, `1`, `0.5`, `1k`, `1Ki`, `1e3`; SMI v1alpha1 weights) as a
 * number; a JSON number passes through. Null when it is not a quantity.
 */
export function parseQuantity(quantity: string | number): number | null {
  if (typeof quantity === 'number') return Number.isFinite(quantity) ? quantity : null
  const m = QUANTITY.exec(quantity.trim())
  if (!m) return null
  const value = Number(m[1])
  if (m[2]) return value * 10 ** Number(m[2].slice(1))
  const suffix = m[3] ?? ''
  if (suffix in BINARY_SUFFIX) return value * 2 ** BINARY_SUFFIX[suffix]!
  return value * 10 ** DECIMAL_SUFFIX[suffix]!
}

/** Whole milli-units as the canonical quantity Kubernetes itself would print: `1`, `500m`, `0`. */
export function formatMilliQuantity(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`
}

/**
 * SMI v1alpha1 quantity weights. Unchanged percents keep the current quantities as written; changed
 * ones keep the current total (a split written in `m` summing to `1` stays in thousandths of 1),
 * or become thousandths of 1 (`500m`) when the total cannot carry whole percents.
 */
export function toQuantityWeights(
  percents: readonly number[],
  current: readonly (string | number)[],
): (string | number)[] {
  const milli = current.map((q) => Math.round((parseQuantity(q) ?? 0) * 1000))
  if (current.length === percents.length && samePercents(milli, percents)) return [...current]
  const total = milli.reduce((s, w) => s + w, 0)
  const factor = total > 0 && total % 100 === 0 ? total / 100 : 10
  return percents.map((p) => formatMilliQuantity(p * factor))
}

/** Consul weights are floats with a resolution of .01; hundredths as Consul itself scales them. */
const hundredths = (weight: number) => Math.round(weight * 100)

/** True when Consul would accept these ServiceSplitter weights: 0–100, step .01, summing to exactly 100. */
export function validConsulWeights(weights: readonly number[]): boolean {
  return (
    weights.every((w) => w >= 0 && w <= 100 && Math.abs(w * 100 - hundredths(w)) < 1e-6) &&
    weights.reduce((s, w) => s + hundredths(w), 0) === 10_000
  )
}

/**
 * Consul ServiceSplitter weights. Unchanged percents keep the current floats (33.33/33.33/33.34
 * stays so); changed ones are the integer percents, which Consul accepts as they sum to 100.
 */
export function toConsulWeights(percents: readonly number[], current: readonly number[]): number[] {
  if (current.length === percents.length && samePercents(current, percents)) return [...current]
  return [...percents]
}
