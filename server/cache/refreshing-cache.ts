import 'server-only'
import { telemetry } from '@/server/telemetry/metrics'

type Entry<V> = { value?: V; loading?: Promise<V>; expires: number; failures: number }

/** Failed refreshes are retried no sooner than this, doubling up to the cap. */
const MAX_BACKOFF_MS = 60_000

/**
 * Answers with the last value it has, at once, and refreshes it in the background once it is older
 * than its TTL (stale-while-revalidate): only the first caller of a key ever waits for the source.
 * A failed refresh keeps the last value and is retried after a backoff that doubles. `changed`
 * hears of every refresh whose answer differs from the one it replaces. At most `maxEntries` keys
 * are kept, the least recently used going first.
 */
export class RefreshingCache<V> {
  private readonly entries = new Map<string, Entry<V>>()

  constructor(
    private readonly ttlFor: (value: V) => number,
    private readonly name: string,
    private readonly changed: (key: string) => void = () => {},
    /** Whether a refreshed answer is a change worth telling (default: any difference). */
    private readonly differs: (before: V, after: V) => boolean = (a, b) =>
      JSON.stringify(a) !== JSON.stringify(b),
    private readonly maxEntries = 1000,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const entry = this.entries.get(key)
    const fresh = entry?.value !== undefined && entry.expires > Date.now()
    telemetry().cacheLookups.inc({ cache: this.name, result: fresh ? 'hit' : 'miss' })
    if (entry) {
      this.entries.delete(key)
      this.entries.set(key, entry)
    }
    if (entry?.value !== undefined) {
      if (!fresh && !entry.loading) void this.refresh(key, entry, load).catch(() => {})
      return Promise.resolve(entry.value)
    }
    if (entry?.loading) return entry.loading
    const first: Entry<V> = { expires: 0, failures: 0 }
    this.entries.set(key, first)
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!)
    return this.refresh(key, first, load)
  }

  delete(key: string): void {
    this.entries.delete(key)
  }

  private refresh(key: string, entry: Entry<V>, load: () => Promise<V>): Promise<V> {
    const loading = load().then(
      (value) => {
        const before = entry.value
        Object.assign(entry, { value, expires: Date.now() + this.ttlFor(value), failures: 0 })
        if (before !== undefined && this.differs(before, value)) this.changed(key)
        return value
      },
      (err: unknown) => {
        entry.failures++
        entry.expires = Date.now() + Math.min(1000 * 2 ** entry.failures, MAX_BACKOFF_MS)
        if (entry.value === undefined && this.entries.get(key) === entry) this.entries.delete(key)
        throw err
      },
    )
    entry.loading = loading
    void loading.finally(() => (entry.loading = undefined)).catch(() => {})
    return loading
  }
}
