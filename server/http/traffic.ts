import 'server-only'
import { randomUUID } from 'node:crypto'
import { subscribe } from 'node:diagnostics_channel'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { telemetry } from '@/server/telemetry/metrics'
import { routeOf } from './route-patterns'
import { REQUEST_ID } from './write-context'

/** What the process knows of its HTTP traffic, kept on globalThis (see telemetry/metrics.ts). */
type Traffic = {
  subscribed: boolean
  /** The server Next listens with, as its first request shows it. */
  server?: Server
  /** Requests that may change something (not GET, HEAD or OPTIONS) not yet answered. */
  writesInFlight: number
  /** Called whenever a write is answered (shutdown waits on it). */
  onWriteDone?: () => void
}

const KEY = Symbol.for('meshpane.traffic')
export function traffic(): Traffic {
  const global = globalThis as { [KEY]?: Traffic }
  return (global[KEY] ??= { subscribed: false, writesInFlight: 0 })
}

/** Probes, scrapes and static chunks: counted, not logged (a line every few seconds says nothing). */
const QUIET = /^\/(healthz|readyz|metrics)$|^\/_next\//

type RequestStart = { request: IncomingMessage; response: ServerResponse; server: Server }

/**
 * Watches every request the Node HTTP server takes (its diagnostics channel, so pages, API
 * handlers and refusals alike): gives each a request id (the caller's `X-Request-Id` when it is a
 * plain token, else a new one, sent back and seen by the handlers, so a change record names it),
 * times it into `meshpane_http_request_duration_seconds`, counts writes in flight for shutdown, and
 * logs one JSON line: no query string, no headers, so no credential reaches the log.
 */
export function observeTraffic(): void {
  const state = traffic()
  if (state.subscribed) return
  state.subscribed = true
  subscribe('http.server.request.start', (message) => {
    const { request, response, server } = message as RequestStart
    state.server ??= server
    const started = performance.now()
    const given = request.headers['x-request-id']
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID()
    request.headers['x-request-id'] = requestId
    response.setHeader('X-Request-Id', requestId)
    const method = request.method ?? 'GET'
    const write = !['GET', 'HEAD', 'OPTIONS'].includes(method)
    if (write) state.writesInFlight++
    // Counted when the answer is handed over ('finish'), so a scrape that follows sees it; a
    // client that goes away first only closes ('close', 499). Whichever comes first counts.
    let counted = false
    const done = () => {
      if (counted) return
      counted = true
      if (write) {
        state.writesInFlight--
        state.onWriteDone?.()
      }
      const path = new URL(request.url ?? '/', 'http://request.invalid').pathname
      const route = routeOf(path)
      const status = response.writableFinished ? response.statusCode : 499 // the client went away
      const seconds = (performance.now() - started) / 1000
      telemetry().requestDuration.observe({ route, method, status: String(status) }, seconds)
      if (QUIET.test(path)) return
      console.log(
        JSON.stringify({
          time: new Date().toISOString(),
          level: status >= 500 ? 'error' : 'info',
          event: 'request',
          requestId,
          method,
          route,
          path: path.slice(0, 256),
          status,
          durationMs: Math.round(seconds * 1000),
        }),
      )
    }
    response.once('finish', done)
    response.once('close', done)
  })
}
