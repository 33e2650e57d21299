// Small HTTP helpers of the API server: JSON replies, request bodies (read and parsed), /version.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { badRequest } from './status'
import type { KubeObject } from './types'

export function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  })
  res.end(text)
}

export function readBodyBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

export const readBody = async (req: IncomingMessage) => (await readBodyBytes(req)).toString('utf8')

export function versionInfo(gitVersion = 'v1.32.0') {
  const [major, minor] = gitVersion.replace(/^v/, '').split('.')
  return {
    major,
    minor,
    gitVersion,
    gitCommit: 'meshpane-lab',
    gitTreeState: 'clean',
    buildDate: '2025-01-01T00:00:00Z',
    goVersion: 'go1.23.4',
    compiler: 'gc',
    platform: 'linux/amd64',
  }
}

/** A request body that must be one JSON object (create, update, a subresource's PUT, a review). */
export function parseObject(body: string): KubeObject {
  let obj: unknown
  try {
    obj = JSON.parse(body)
  } catch (e) {
    throw badRequest(`error decoding request body: ${(e as Error).message}`)
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj))
    throw badRequest('the request body must be a JSON object')
  const o = obj as KubeObject
  return { ...o, metadata: { ...(o.metadata ?? {}) } }
}
