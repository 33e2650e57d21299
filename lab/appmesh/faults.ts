import { AwsFault } from './scenario'

/**
 * Fault knobs keyed by `<account>` or `<account>/<region>` (the narrower key wins): rejected (every
 * call 403), throttled (every call 429), flaky (a share of calls 429, so retries recover), slow
 * (~1.5 s added per call).
 */
export const FLAKY_SHARE = 0.3
export const SLOW_MS = 1500

export class Faults {
  private readonly modes = new Map<string, AwsFault>()

  constructor(initial: Record<string, AwsFault>) {
    Object.entries(initial).forEach(([k, v]) => this.set(k, v))
  }

  set(key: string, mode: AwsFault) {
    if (mode === 'none') this.modes.delete(key)
    else this.modes.set(key, mode)
  }

  of(account: string, region: string): AwsFault {
    return this.modes.get(`${account}/${region}`) ?? this.modes.get(account) ?? 'none'
  }

  toJSON(): Record<string, AwsFault> {
    return Object.fromEntries(this.modes)
  }
}

export const parseFault = (mode: unknown) => AwsFault.safeParse(mode)
