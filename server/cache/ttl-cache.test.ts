import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { TtlCache } from './ttl-cache'

/** A load that counts its calls and settles when the test says so. */
function loader() {
  const calls: { resolve(v: string): void; reject(e: Error): void }[] = []
  const load = () => new Promise<string>((resolve, reject) => calls.push({ resolve, reject }))
  return { load, calls }
}

beforeEach(() => vi.useFakeTimers({ now: 0, toFake: ['Date'] }))
afterEach(() => vi.useRealTimers())

describe('TtlCache', () => {
  it('shares one load among concurrent callers and reuses its answer until the TTL has passed', async () => {
    const cache = new TtlCache<string>(2000)
    const { load, calls } = loader()
    const first = cache.get('k', load)
    const second = cache.get('k', load)
    expect(calls).toHaveLength(1)
    vi.setSystemTime(5000) // a slow answer: the TTL counts from its arrival
    calls[0]!.resolve('a')
    expect([await first, await second]).toEqual(['a', 'a'])
    vi.setSystemTime(6999)
    expect(await cache.get('k', load)).toBe('a')
    vi.setSystemTime(7000)
    const third = cache.get('k', load)
    expect(calls).toHaveLength(2)
    calls[1]!.resolve('b')
    expect(await third).toBe('b')
  })

  it('does not keep an answer that reports a failure as data, beyond the callers already waiting', async () => {
    const cache = new TtlCache<string>(2000)
    const { load, calls } = loader()
    const healthy = (v: string) => !v.startsWith('failed')
    const first = cache.get('k', load, healthy)
    const second = cache.get('k', load, healthy)
    calls[0]!.resolve('failed: ECONNRESET')
    expect([await first, await second]).toEqual(['failed: ECONNRESET', 'failed: ECONNRESET'])
    const third = cache.get('k', load, healthy)
    expect(calls).toHaveLength(2)
    calls[1]!.resolve('ok')
    expect(await third).toBe('ok')
    expect(await cache.get('k', load, healthy)).toBe('ok')
    expect(calls).toHaveLength(2)
  })

  it('never keeps a failure: callers of the failing load share it, the next caller loads again', async () => {
    const cache = new TtlCache<string>(2000)
    const { load, calls } = loader()
    const first = cache.get('k', load)
    const second = cache.get('k', load)
    calls[0]!.reject(new Error('connection reset'))
    await expect(first).rejects.toThrow('connection reset')
    await expect(second).rejects.toThrow('connection reset')
    const retried = cache.get('k', load)
    expect(calls).toHaveLength(2)
    calls[1]!.resolve('a')
    expect(await retried).toBe('a')
  })

  it('keeps at most maxEntries keys, forgetting the least recently used first', async () => {
    const cache = new TtlCache<string>(60_000, 2)
    const load = vi.fn((key: string) => Promise.resolve(key))
    const get = (key: string) => cache.get(key, () => load(key))
    await get('a')
    await get('b')
    await get('a') // a is now more recent than b
    await get('c') // b goes
    expect(load).toHaveBeenCalledTimes(3)
    await get('a')
    await get('c')
    expect(load).toHaveBeenCalledTimes(3)
    await get('b')
    expect(load).toHaveBeenCalledTimes(4)
  })
})
