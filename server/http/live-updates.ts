import 'server-only'
import type { Inventory } from '@/server/inventory'
import { UnavailableError } from '@/server/errors'
import { telemetry } from '@/server/telemetry/metrics'

/** Changes within this long go out as one event: a rollout step or a relist is one refresh. */
const GATHER_MS = 200
/** A comment line this often keeps proxies and load balancers from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000
/** Streams open at once, across everyone: each holds a connection and a listener. */
const MAX_STREAMS = 1000

let open = 0
const counted = (change: number) => {
  open += change
  telemetry().eventStreams.set(open)
}

/**
 * Server-sent events telling a page which sources changed (`event: change`, `data:
 * {"sources":[ids]}`), so it refreshes what it shows of them instead of polling. Only the sources
 * of `inventory` (the person's view) are named; the event carries ids, never data, which the page
 * then reads as the person.
 */
export function liveUpdates(inventory: Inventory, signal: AbortSignal): Response {
  if (open >= MAX_STREAMS)
    throw new UnavailableError(`${MAX_STREAMS} live-update streams are open: try again later`)
  const visible = new Set(inventory.sources.map((s) => s.ref.id))
  const encoder = new TextEncoder()
  let stop = () => {}
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      counted(+1)
      // A stream whose reader went away without a cancel is noticed here, at the latest by the
      // next keep-alive, and let go.
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text))
        } catch {
          stop()
        }
      }
      let changed = new Set<string>()
      let gathering: NodeJS.Timeout | undefined
      const flush = () => {
        gathering = undefined
        send(`event: change\ndata: ${JSON.stringify({ sources: [...changed] })}\n\n`)
        changed = new Set()
      }
      const unsubscribe = inventory.onChange((id) => {
        if (!visible.has(id)) return
        changed.add(id)
        gathering ??= setTimeout(flush, GATHER_MS)
      })
      const keepAlive = setInterval(() => send(': keep-alive\n\n'), KEEP_ALIVE_MS)
      stop = () => {
        stop = () => {}
        counted(-1)
        unsubscribe()
        clearInterval(keepAlive)
        clearTimeout(gathering)
        try {
          controller.close()
        } catch {
          // already closed by its reader
        }
      }
      signal.addEventListener('abort', () => stop(), { once: true })
      // The browser reconnects after this long if the stream drops; the first bytes open it.
      send('retry: 2000\n\n')
    },
    cancel: () => stop(),
  })
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    },
  })
}
