import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { RefreshingCache } from './refreshing-cache'
import { VersionedCache } from './versioned-cache'

/** A load that counts its calls and settles when the test says so. */
function loader() {
  const calls: { resolve(v: string): void; reject(e: Error): void }[] = []
  const load = () => new Promise<string>((resolve, reject) => calls.push({ resolve, reject }))
  return { load, calls }
}
const settled = () => new Promise((r) => setImmediate(r))

beforeEach(() => vi.useFakeTimers({ now: 0, toFake: ['Date'] }))
afterEach(() => vi.useRealTimers())

describe('RefreshingCache', () => {
  it('makes only the first caller wait; later ones get the last answer while it refreshes', async () => {
    const changed: string[] = []
    const cache = new RefreshingCache<string>(
      () => 2000,
      'test',
      (key) => changed.push(key),
    )
    const { load, calls } = loader()
    const first = cache.get('k', load)
    calls[0]!.resolve('a')
    expect(await first).toBe('a')
    vi.setSystemTime(2000)
    expect(await cache.get('k', load)).toBe('a') // stale, answered at once
    expect(calls).toHaveLength(2) // and refreshed in the background, once
    expect(await cache.get('k', load)).toBe('a')
    expect(calls).toHaveLength(2)
    calls[1]!.resolve('b')
    await settled()
    expect(await cache.get('k', load)).toBe('b')
    expect(changed).toEqual(['k'])
  })

  it('keeps the last answer through failed refreshes, retrying after a backoff that doubles', async () => {
    const cache = new RefreshingCache<string>(() => 1000, 'test')
    const { load, calls } = loader()
    const first = cache.get('k', load)
    calls[0]!.resolve('a')
    await first
    vi.setSystemTime(1000)
    expect(await cache.get('k', load)).toBe('a')
    calls[1]!.reject(new Error('throttled'))
    await settled()
    vi.setSystemTime(2999) // the first failure waits 2 s
    expect(await cache.get('k', load)).toBe('a')
    expect(calls).toHaveLength(2)
    vi.setSystemTime(3000)
    expect(await cache.get('k', load)).toBe('a')
    expect(calls).toHaveLength(3)
  })

  it('has nothing to answer with when the first load fails: its callers get the error', async () => {
    const cache = new RefreshingCache<string>(() => 1000, 'test')
    const { load, calls } = loader()
    const first = cache.get('k', load)
    calls[0]!.reject(new Error('refused'))
    await expect(first).rejects.toThrow('refused')
    void cache.get('k', load)
    expect(calls).toHaveLength(2)
  })
})

describe('VersionedCache', () => {
  it('computes once per version, whoever asks, and again when the version moves', async () => {
    const cache = new VersionedCache<string>('test')
    const { load, calls } = loader()
    const [a, b] = [cache.get('mesh', 1, load), cache.get('mesh', 1, load)]
    calls[0]!.resolve('v1')
    expect([await a, await b]).toEqual(['v1', 'v1'])
    vi.setSystemTime(3_600_000) // time alone changes nothing
    expect(await cache.get('mesh', 1, load)).toBe('v1')
    const next = cache.get('mesh', 2, load)
    calls[1]!.resolve('v2')
    expect(await next).toBe('v2')
    expect(calls).toHaveLength(2)
  })

  it('does not keep a failure', async () => {
    const cache = new VersionedCache<string>('test')
    const { load, calls } = loader()
    const failed = cache.get('mesh', 1, load)
    calls[0]!.reject(new Error('timeout'))
    await expect(failed).rejects.toThrow('timeout')
    void cache.get('mesh', 1, load)
    expect(calls).toHaveLength(2)
  })
})
