/**
 * How a version of a service answers: its error rate and latency distribution, as a scenario gives
 * it (`behaviour: { errorRate, latencyMs: { p50, p99 } }`). Latency is log-normal, fitted so its
 * median is p50 and its 99th percentile p99 — a long right tail like real services have.
 */
export type Behaviour = { errorRate?: number; latencyMs?: { p50: number; p99: number } }

export const DEFAULT_BEHAVIOUR = { errorRate: 0.001, latencyMs: { p50: 12, p99: 60 } }

/** Deterministic PRNG (mulberry32), so a seeded run of the lab produces the same traffic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const Z99 = 2.3263478740408408 // standard normal quantile at 0.99

/** Draws one request: its latency in ms and whether it failed. */
export function sampler(behaviour: Behaviour | undefined, random: () => number) {
  const errorRate = behaviour?.errorRate ?? DEFAULT_BEHAVIOUR.errorRate
  const { p50, p99 } = behaviour?.latencyMs ?? DEFAULT_BEHAVIOUR.latencyMs
  const mu = Math.log(p50)
  const sigma = Math.max(0, Math.log(Math.max(p99, p50) / p50) / Z99)
  const normal = () => {
    // Box–Muller; 1 - random() keeps the log argument in (0, 1].
    const u = 1 - random()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())
  }
  return () => ({ latencyMs: Math.exp(mu + sigma * normal()), failed: random() < errorRate })
}
