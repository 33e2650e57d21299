import 'server-only'

/**
 * Remembers each key's pending or settled promise for `ttlMs`: concurrent callers share one
 * fan-out, and a failing source is asked again only after the TTL, not on every request.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; expires: number }>()

  constructor(private readonly ttlMs: number) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now()
    const hit = this.entries.get(key)
    if (hit && hit.expires > now) return hit.value
    const value = load()
    // The TTL counts from when the answer arrives, so a slow source is not re-asked at once.
    const entry = { value, expires: Number.POSITIVE_INFINITY }
    this.entries.set(key, entry)
    const settle = () => (entry.expires = Date.now() + this.ttlMs)
    value.then(settle, settle)
    return value
  }

  delete(key: string): void {
    this.entries.delete(key)
  }
}
