import 'server-only'
import http from 'node:http'
import https from 'node:https'

export type Answer = { status: number; text: string }

/**
 * One request and its whole answer. A GET sent on a reused keep-alive connection that fails before
 * any byte of the answer arrived met a connection the server had just closed as idle: it is sent
 * once more, on a connection of its own (the pool's other idle ones may be as stale). Other methods
 * are not resent, since the server may have acted on them.
 */
export function exchange(
  url: URL,
  options: https.RequestOptions,
  body: string | undefined,
  resend = options.method === 'GET',
): Promise<Answer> {
  const send = url.protocol === 'http:' ? http.request : https.request
  return new Promise((resolve, reject) => {
    let answered = false
    const request = send(url, options, (res) => {
      answered = true
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', reject)
      res.on('aborted', () => reject(new Error('response aborted')))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      )
    })
    request.on('error', (err) => {
      if (resend && request.reusedSocket && !answered && !options.signal?.aborted)
        // agent: false is a one-off connection with the same TLS options.
        resolve(exchange(url, { ...options, agent: false }, body, false))
      else reject(err)
    })
    request.end(body)
  })
}
