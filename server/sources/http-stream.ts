import 'server-only'
import http from 'node:http'
import https from 'node:https'
import type { Answer } from './http-exchange'

/** The server did not start its answer in time (it hangs). */
export class NoAnswerError extends Error {}

/**
 * A long-lived GET whose answer is newline-delimited JSON (a Kubernetes watch). With a 2xx, every
 * line goes to `onLine` until the server ends the answer; otherwise the whole answer comes back for
 * the caller to report. The answer must start within `headerMs`, and is cut after `idleMs` without
 * a byte (a server or network that went silent mid-stream).
 */
export function streamLines(
  url: URL,
  options: https.RequestOptions & { signal: AbortSignal },
  timing: { headerMs: number; idleMs: number },
  on: { open: () => void; line: (line: string) => void },
): Promise<Answer | undefined> {
  const send = url.protocol === 'http:' ? http.request : https.request
  return new Promise((resolve, reject) => {
    const request = send(url, options, (res) => {
      clearTimeout(headers)
      const status = res.statusCode ?? 0
      if (status < 200 || status >= 300) {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status, text: Buffer.concat(chunks).toString('utf8') }))
        res.on('error', reject)
        return
      }
      on.open()
      res.setEncoding('utf8')
      let pending = ''
      res.setTimeout(timing.idleMs, () => res.destroy(new Error('watch went silent')))
      res.on('data', (chunk: string) => {
        pending += chunk
        let end: number
        while ((end = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, end).trim()
          pending = pending.slice(end + 1)
          if (!line) continue
          try {
            on.line(line)
          } catch (err) {
            res.destroy(err as Error)
            return
          }
        }
      })
      res.on('error', reject)
      res.on('aborted', () => reject(new Error('watch aborted')))
      res.on('end', () => resolve(undefined))
    })
    const headers = setTimeout(
      () => request.destroy(new NoAnswerError(`no answer within ${timing.headerMs} ms`)),
      timing.headerMs,
    )
    request.on('error', (err) => {
      clearTimeout(headers)
      reject(err)
    })
    request.end()
  })
}
