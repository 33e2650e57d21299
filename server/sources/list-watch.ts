import 'server-only'
import type { KubeClient, KubeMeta, WatchEvent } from './kube-client'
import { KubeStatusError, transportError } from './kube-errors'

type Item = { metadata?: KubeMeta }

/** Watches end on the server's side after about a minute, so a silent network is noticed soon. */
const WATCH_SECONDS = 60
const BACKOFF_MS = { first: 500, max: 10_000 }
/** A watch cut after running this long is resumed at once rather than after a backoff. */
const STREAM_LIVED_MS = 1000

/**
 * One kind of object of one cluster (a list path, maybe narrowed by a label selector) kept in
 * memory: listed once, then watched from the list's resourceVersion with bookmarks, as client-go's
 * reflector does. A watch that ends is resumed where it stopped; 410 Gone (the history no longer
 * reaches back that far) lists again. A source that stops answering (or refuses Meshpane) keeps
 * its last-known items, marked stale, and is retried with backoff, or at once on `retryNow`. A
 * Status answer (the kind is not served) ends the loop with that error: `ClusterCache` starts a
 * new one when it may have changed.
 */
export class ListWatch<T extends Item = Item> {
  private items = new Map<string, T>()
  private resourceVersion?: string
  /** The object kind listed (`VirtualService`), known after the first list. */
  kind?: string
  /** When the items were last known to be whole (the first list); undefined before. */
  syncedAt?: number
  /** Since when, and why, the source has not answered (the items are then stale). */
  broken?: { since: number; error: Error }
  /** A 4xx answer ended the loop: kept for callers until a new loop replaces this one. */
  ended?: { at: number; error: Error }
  lastAsked = Date.now()
  private readonly stop = new AbortController()
  private readonly firstAttempt: Promise<void>
  private readonly waiters = new Set<() => void>()

  constructor(
    private readonly kube: KubeClient,
    readonly path: string,
    readonly labelSelector: string | undefined,
    /** Hears every change: of the items, or of whether the source answers (`health`). */
    private readonly changed: (what: 'items' | 'health') => void,
    private readonly keep: (o: T) => T = (o) => o,
  ) {
    this.firstAttempt = new Promise((settle) => void this.run(settle))
  }

  /** The items once listed; the caller waits for the first list at most until `signal` aborts. */
  async list(signal: AbortSignal): Promise<T[]> {
    this.lastAsked = Date.now()
    if (this.syncedAt === undefined && !this.broken && !this.ended)
      await untilAborted(this.firstAttempt, signal, this.kube)
    if (this.syncedAt !== undefined) return [...this.items.values()]
    throw this.ended?.error ?? this.broken!.error
  }

  /** Whether an event with this resourceVersion (or a later one) has been applied. */
  hasSeen(resourceVersion: string): boolean {
    const [seen, wanted] = [Number(this.resourceVersion), Number(resourceVersion)]
    return Number.isFinite(seen) && Number.isFinite(wanted) && seen >= wanted
  }

  /** Resolves once `hasSeen(resourceVersion)`, or when `signal` aborts. */
  async awaitSeen(resourceVersion: string, signal: AbortSignal): Promise<void> {
    while (!this.hasSeen(resourceVersion) && !signal.aborted && !this.ended)
      await new Promise<void>((wake) => {
        const done = () => {
          this.waiters.delete(done)
          signal.removeEventListener('abort', done)
          wake()
        }
        this.waiters.add(done)
        signal.addEventListener('abort', done, { once: true })
      })
  }

  close(): void {
    this.stop.abort()
  }

  /** Ends a backoff now (the source answered something else again). */
  retryNow(): void {
    this.wake?.()
  }

  private wake?: () => void

  private async run(settleFirst: () => void): Promise<void> {
    let backoff = BACKOFF_MS.first
    while (!this.stop.signal.aborted) {
      let openedAt: number | undefined
      try {
        if (this.resourceVersion === undefined) await this.relist()
        settleFirst()
        backoff = BACKOFF_MS.first
        await this.watch(() => (openedAt = Date.now()))
      } catch (err) {
        if (this.stop.signal.aborted) return
        if (err instanceof Gone) {
          this.resourceVersion = undefined
          continue
        }
        if (err instanceof KubeStatusError) {
          this.end(err as Error)
          settleFirst()
          return
        }
        // Servers and balancers cut long watches: one that ran a while is resumed at once, and
        // only a source that then fails to answer is stale.
        if (openedAt !== undefined && Date.now() - openedAt > STREAM_LIVED_MS) continue
        this.break(err as Error)
        settleFirst()
        await new Promise<void>((resume) => {
          this.wake = resume
          void pause(backoff * (0.8 + Math.random() * 0.4), this.stop.signal).then(resume)
        })
        backoff = Math.min(backoff * 2, BACKOFF_MS.max)
      }
    }
  }

  private async relist(): Promise<void> {
    const signal = this.stop.signal
    const list = await this.kube.listWhole<T>(this.path, signal, this.labelSelector)
    this.items = new Map(list.items.map((o) => [keyOf(o), this.keep(o)]))
    this.kind = list.kind?.replace(/List$/, '')
    this.resourceVersion = list.resourceVersion ?? '0'
    this.syncedAt = Date.now()
    this.broken = undefined
    this.applied()
  }

  private watch(opened: () => void): Promise<void> {
    const seconds = WATCH_SECONDS + Math.floor(Math.random() * 15)
    const query = {
      resourceVersion: this.resourceVersion,
      allowWatchBookmarks: 'true',
      timeoutSeconds: String(seconds),
      labelSelector: this.labelSelector,
    }
    return this.kube.watch(this.path, query, this.stop.signal, {
      // Watching again: the items are current (the watch replays what was missed, or says 410).
      open: () => {
        opened()
        this.mend()
      },
      event: (event) => this.apply(event),
    })
  }

  private apply({ type, object }: WatchEvent): void {
    if (type === 'ERROR') {
      if (object.code === 410) throw new Gone()
      throw new KubeStatusError(object.code ?? 500, 'WatchError', object.message ?? 'watch failed')
    }
    const version = object.metadata?.resourceVersion
    if (type !== 'BOOKMARK') {
      const item = object as T
      if (type === 'DELETED') this.items.delete(keyOf(item))
      else this.items.set(keyOf(item), this.keep(item))
    }
    if (version) this.resourceVersion = version
    if (type !== 'BOOKMARK') this.applied()
    else for (const wake of [...this.waiters]) wake()
  }

  /** Pages showing this cluster hear that it went stale, and when it is current again. */
  private break(error: Error): void {
    if (this.broken) this.broken.error = error
    else {
      this.broken = { since: Date.now(), error }
      this.changed('health')
    }
  }

  private mend(): void {
    if (!this.broken) return
    this.broken = undefined
    this.changed('health')
  }

  private applied(): void {
    for (const wake of [...this.waiters]) wake()
    this.changed('items')
  }

  /** A refusal or "not served": the items are gone for whoever asks, until a new loop lists again. */
  private end(error: Error): void {
    this.ended = { at: Date.now(), error }
    this.items.clear()
    this.syncedAt = undefined
    this.broken = undefined
    this.applied()
  }
}

/** The watch's history no longer reaches back to our resourceVersion: list again. */
class Gone extends Error {}

const keyOf = (o: Item) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resume) => {
    const timer = setTimeout(resume, ms)
    timer.unref()
    signal.addEventListener('abort', () => (clearTimeout(timer), resume()), { once: true })
  })
}

/** `work`, or the caller's deadline as the timeout it means. */
function untilAborted(work: Promise<void>, signal: AbortSignal, kube: KubeClient): Promise<void> {
  const late = () => transportError(new Error('aborted'), signal, kube.context, kube.timeoutMs)
  if (signal.aborted) return Promise.reject(late())
  return new Promise((resolve, reject) => {
    const abort = () => reject(late())
    signal.addEventListener('abort', abort, { once: true })
    void work.then(() => (signal.removeEventListener('abort', abort), resolve()))
  })
}
