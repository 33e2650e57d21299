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

/**
 * One stream of server-sent events per page (`GET /api/v1/events`): each `change` refreshes the
 * inventory queries on screen, so a change in a cluster shows within a second of its watch event
 * instead of at the next poll. A stream that reopens refreshes too, for what it missed.
 */
export function LiveUpdates() {
  const client = useQueryClient()
  useEffect(() => {
    let source: EventSource | undefined
    let reopen: ReturnType<typeof setTimeout> | undefined
    let opened = false
    const open = () => {
      source = new EventSource('/api/v1/events')
      source.onopen = () => {
        if (opened) refresh(client)
        opened = true
        setConnected(true)
      }
      source.onerror = () => {
        setConnected(false)
        if (source?.readyState === EventSource.CLOSED) reopen = setTimeout(open, REOPEN_MS)
      }
      source.addEventListener('change', (event) => {
        if (SourcesChanged.safeParse(JSON.parse((event as MessageEvent<string>).data)).success)
          refresh(client)
      })
    }
    open()
    return () => {
      clearTimeout(reopen)
      source?.close()
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
