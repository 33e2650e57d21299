import 'server-only'
import { telemetry } from '@/server/telemetry/metrics'

type Entry<V> = { value: Promise<V>; expires: number }

/**
 * Remembers each key's pending or fulfilled promise for `ttlMs`: concurrent callers share one load
 * and its answer is reused until it expires. A rejected load is forgotten as it fails, so the next
 * caller asks again instead of getting the same error for the rest of the TTL. At most
 * `maxEntries` keys are kept, the least recently used going first; expired ones go on each load.
 * Lookups count as hits or misses under `name` in `meshpane_cache_lookups_total`.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>()

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
    private readonly name = 'other',
  ) {}

  /**
   * `keep` says whether an answer may serve later callers: one that carries a failure (a source
   * that did not answer, reported as data) is shared by the callers already waiting, then dropped.
   */
  get(key: string, load: () => Promise<V>, keep: (value: V) => boolean = () => true): Promise<V> {
    const now = Date.now()
    const hit = this.entries.get(key)
    const fresh = hit !== undefined && hit.expires > now
    telemetry().cacheLookups.inc({ cache: this.name, result: fresh ? 'hit' : 'miss' })
    if (fresh) return this.touch(key, hit).value
    this.dropExpired(now)
    const value = load()
    // The TTL counts from when the answer arrives, so a slow source is not re-asked at once.
    const entry = this.touch(key, { value, expires: Number.POSITIVE_INFINITY })
    const forget = () => this.entries.get(key) === entry && this.entries.delete(key)
    value.then((v) => (keep(v) ? (entry.expires = Date.now() + this.ttlMs) : forget()), forget)
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!)
    return value
  }

  delete(key: string): void {
    this.entries.delete(key)
  }

  /** Stores `entry` as the most recently used (a Map iterates in insertion order). */
  private touch(key: string, entry: Entry<V>): Entry<V> {
    this.entries.delete(key)
    this.entries.set(key, entry)
    return entry
  }

  private dropExpired(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expires <= now) this.entries.delete(key)
  }
}
