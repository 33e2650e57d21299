import 'server-only'
import { telemetry } from '@/server/telemetry/metrics'

type Entry<V> = { version: string | number; value: Promise<V> }

/**
 * What was computed from a source at a version (its watch cache's change count): answered again
 * while the version stands, computed afresh (once, for every caller) when it moved on. One entry
 * per key, so versions that went by hold no memory; a failed load is not kept. At most
 * `maxEntries` keys, the least recently used going first.
 */
export class VersionedCache<V> {
  private readonly entries = new Map<string, Entry<V>>()

  constructor(
    private readonly name: string,
    private readonly maxEntries = 1000,
  ) {}

  get(key: string, version: string | number, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key)
    const current = hit?.version === version
    telemetry().cacheLookups.inc({ cache: this.name, result: current ? 'hit' : 'miss' })
    this.entries.delete(key)
    if (current) {
      this.entries.set(key, hit)
      return hit.value
    }
    const entry = { version, value: load() }
    this.entries.set(key, entry)
    entry.value.catch(() => this.entries.get(key) === entry && this.entries.delete(key))
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!)
    return entry.value
  }

  delete(key: string): void {
    this.entries.delete(key)
  }
}
