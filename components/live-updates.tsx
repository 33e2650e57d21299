'use client'

import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useEffect, useSyncExternalStore } from 'react'
import { SourcesChanged } from '@/lib/schemas'

/** Without the event stream, lists fall back to asking this often. */
const POLL_MS = 3_000
/** A stream the server closed for good (a restart, a 503) is opened again after this long. */
const REOPEN_MS = 5_000
/** What shows the state of sources, meshes and services: refreshed when a source changes. */
const INVENTORY_KEYS = [['sources'], ['meshes'], ['mesh'], ['services'], ['fleet'], ['service']]

let connected = false
const listeners = new Set<() => void>()
const setConnected = (value: boolean) => {
  if (connected === value) return
  connected = value
  for (const listener of listeners) listener()
}
const subscribe = (listener: () => void) => {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** How often a list refreshes itself: never while the event stream is open, else every 3 s. */
export function useRefreshInterval(): number | false {
  const live = useSyncExternalStore(
    subscribe,
    () => connected,
    () => false,
  )
  return live ? false : POLL_MS
}

/** Whether pages hear of changes as they happen (the header says so). */
export const useLive = () =>
  useSyncExternalStore(
    subscribe,
    () => connected,
    () => false,
  )

const refresh = (client: QueryClient) => {
  for (const queryKey of INVENTORY_KEYS) void client.invalidateQueries({ queryKey })
}

/** Tabs of one browser share one stream: the tab holding this lock opens it for all of them. */
const SHARED = 'meshpane-live-updates'

type TabMessage = { type: 'change' } | { type: 'state'; live: boolean } | { type: 'ask' }

/**
 * The stream of server-sent events (`GET /api/v1/events`): `changed` on each `change` event and
 * whenever it opens (for what it may have missed), `live` when it opens or drops. Returns how to
 * close it.
 */
function openStream(changed: () => void, live: (open: boolean) => void): () => void {
  let source: EventSource | undefined
  let reopen: ReturnType<typeof setTimeout> | undefined
  const open = () => {
    source = new EventSource('/api/v1/events')
    source.onopen = () => {
      // What changed before the stream opened (since the page's data was read) was not told.
      changed()
      live(true)
    }
    source.onerror = () => {
      live(false)
      if (source?.readyState === EventSource.CLOSED) reopen = setTimeout(open, REOPEN_MS)
    }
    source.addEventListener('change', (event) => {
      if (SourcesChanged.safeParse(JSON.parse((event as MessageEvent<string>).data)).success)
        changed()
    })
  }
  open()
  return () => {
    clearTimeout(reopen)
    source?.close()
    live(false)
  }
}

/**
 * Refreshes the inventory queries on screen when a source changes, so a change in a cluster shows
 * within a second of its watch event instead of at the next poll. A browser allows six connections
 * to a server over HTTP/1.1, so tabs do not each hold a stream: one tab (the holder of a Web Lock)
 * opens it and passes its events to the others over a BroadcastChannel; when that tab closes,
 * another takes over. Where either API is missing, each tab opens its own.
 */
export function LiveUpdates() {
  const client = useQueryClient()
  useEffect(() => {
    const changed = () => refresh(client)
    const shared = 'locks' in navigator && 'BroadcastChannel' in window
    if (!shared) return openStream(changed, setConnected)

    const channel = new BroadcastChannel(SHARED)
    const post = (message: TabMessage) => channel.postMessage(message)
    let leading = false
    channel.onmessage = ({ data }: MessageEvent<TabMessage>) => {
      if (data.type === 'change') changed()
      else if (data.type === 'state' && !leading) setConnected(data.live)
      else if (data.type === 'ask' && leading) post({ type: 'state', live: connected })
    }
    const done = new AbortController()
    navigator.locks
      .request(SHARED, { signal: done.signal }, () => {
        leading = true
        const close = openStream(
          () => {
            changed()
            post({ type: 'change' })
          },
          (live) => {
            setConnected(live)
            post({ type: 'state', live })
          },
        )
        // Held until this tab goes: then the next tab in line opens the stream.
        return new Promise<void>((release) =>
          done.signal.addEventListener('abort', () => (close(), release()), { once: true }),
        )
      })
      .catch(() => {}) // aborted while waiting in line
    post({ type: 'ask' })
    return () => {
      done.abort()
      channel.close()
      setConnected(false)
    }
  }, [client])
  return null
}

/** In the header: whether what is shown follows the clusters as they change. */
export function LiveIndicator() {
  const live = useLive()
  return (
    <span
      role="status"
      title={
        live
          ? 'Changes in the clusters show as they happen'
          : 'Not connected to the change stream: lists refresh every 3 seconds'
      }
      className="flex items-center gap-1.5 text-xs text-slate-500"
    >
      <span aria-hidden className={`size-2 rounded-full ${live ? 'bg-ok' : 'bg-slate-300'}`} />
      {live ? 'Live' : 'Polling'}
    </span>
  )
}
