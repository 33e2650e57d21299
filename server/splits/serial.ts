import 'server-only'

/**
 * Runs operations one after another per key (a service), concurrently across keys: two writes to
 * the same route from this process never interleave their read, check and write. Idle keys are
 * dropped, so the map holds only services with a write in flight.
 */
export class KeyedSerial {
  private readonly tails = new Map<string, Promise<unknown>>()

  run<T>(key: string, op: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve()
    const result = previous.then(op, op)
    const tail = result.catch(() => undefined)
    this.tails.set(key, tail)
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key)
    })
    return result
  }
}
