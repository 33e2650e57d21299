// Watch streams: one JSON event per line, each ending in "\n", over a chunked 200 response.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { matcher, present, type ResourceRequest } from './handlers'
import { groupVersion, typeKey } from './resources'
import { expired } from './status'
import type { StoreEvent } from './store'
import type { KubeObject } from './types'

export interface WatchOptions {
  bookmarkIntervalMs: number
  render?: (o: KubeObject) => unknown // e.g. as a one-row Table, when the client asked for tables
}

type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'

export function serveWatch(
  req: IncomingMessage,
  res: ServerResponse,
  r: ResourceRequest,
  options: WatchOptions,
) {
  const matches = matcher(r)
  const inScope = (o: KubeObject) =>
    r.namespace === undefined || o.metadata.namespace === r.namespace
  // A bookmark or event due just as the watch times out is not sent: the answer has ended.
  const send = (type: WatchType, object: unknown) =>
    !res.writableEnded && res.write(JSON.stringify({ type, object }) + '\n')
  const sendObject = (type: WatchType, o: KubeObject) =>
    send(type, options.render ? options.render(present(o, r)) : present(o, r))
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  })
  // Clients (node-fetch in client-node) wait for the headers before they read any event.
  res.flushHeaders()

  // A MODIFIED that moves an object into or out of the selection is seen as ADDED or DELETED.
  const forward = (e: StoreEvent) => {
    if (typeKey(e.resource) !== typeKey(r.resource) || !inScope(e.object)) return
    const now = e.type !== 'DELETED' && matches(e.object)
    const before =
      e.type === 'MODIFIED' ? matches(e.previous!) : e.type === 'DELETED' && matches(e.object)
    if (now && before) sendObject('MODIFIED', e.object)
    else if (now) sendObject('ADDED', e.object)
    else if (before) sendObject('DELETED', e.object)
  }

  const bookmark = (annotations?: Record<string, string>) =>
    send('BOOKMARK', {
      kind: r.resource.kind,
      apiVersion: groupVersion(r.resource.group, r.version),
      metadata: {
        resourceVersion: r.store.resourceVersion,
        ...(annotations ? { annotations } : {}),
      },
    })

  const from = r.query.get('resourceVersion')
  // sendInitialEvents (the watch-list protocol) replays the state, then marks its end with a bookmark.
  const initialEvents = r.query.get('sendInitialEvents') === 'true'
  if (!from || from === '0' || initialEvents) {
    for (const o of r.store.list(r.resource, r.namespace).filter(matches)) sendObject('ADDED', o)
    if (initialEvents) bookmark({ 'k8s.io/initial-events-end': 'true' })
  } else {
    const backlog = r.store.eventsSince(Number(from))
    if (backlog === 'expired') {
      const status = expired(`too old resource version: ${from} (${r.store.oldestResumable})`)
      send('ERROR', status.toStatus())
      res.end()
      return
    }
    backlog.forEach(forward)
  }
  const unsubscribe = r.store.subscribe(forward)

  const timers: NodeJS.Timeout[] = []
  if (r.query.get('allowWatchBookmarks') === 'true')
    timers.push(setInterval(bookmark, options.bookmarkIntervalMs))
  const timeout = Number(r.query.get('timeoutSeconds') ?? 0)
  if (timeout > 0) timers.push(setTimeout(() => (stop(), res.end()), timeout * 1000))

  const stop = () => {
    unsubscribe()
    timers.forEach(clearTimeout)
  }
  res.on('close', stop)
  req.on('close', stop)
}
