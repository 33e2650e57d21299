// Small HTTP helpers of the API server: JSON replies, request bodies, /version.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { badRequest } from './status'

export function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  })
  res.end(text)
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

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

export function parseJson(body: string): Record<string, unknown> {
  try {
    return JSON.parse(body)
  } catch {
    throw badRequest('error decoding request body')
  }
}
