import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiError, conflictCurrent, createApiClient, errorFields } from './api-client'

/** A stand-in Meshpane answering fixed bodies per path, recording what it was sent. */
const answers: Record<string, { status: number; body: string }> = {
  'GET /api/v1/sources': { status: 200, body: JSON.stringify({ items: [] }) },
  'GET /api/v1/meshes': { status: 200, body: JSON.stringify({ items: 'not a list', errors: [] }) },
  'GET /api/v1/services/a%2Fb/split': {
    status: 200,
    body: JSON.stringify({ backends: [{ name: 'v1', weight: 100 }], revision: '7' }),
  },
  'PUT /api/v1/services/s/split': {
    status: 409,
    body: JSON.stringify({
      error: {
        code: 'conflict',
        message: 'changed',
        details: { current: { backends: [{ name: 'v1', weight: 100 }], revision: '9' } },
      },
    }),
  },
  'GET /api/v1/services/gone': {
    status: 404,
    body: JSON.stringify({ error: { code: 'not_found', message: 'no service' } }),
  },
  'GET /api/v1/meshes/broken': { status: 500, body: '<html>oops</html>' },
  'GET /api/v1/changes?service=a%2Fb&outcome=applied&limit=20': {
    status: 200,
    body: JSON.stringify({ items: [], nextCursor: 'c1' }),
  },
  'POST /api/v1/changes/c%2F1/revert': {
    status: 409,
    body: JSON.stringify({
      error: {
        code: 'owned',
        message: 'managed',
        details: { owner: { manager: 'flux', detail: 'label' } },
      },
    }),
  },
}
const received: {
  method?: string
  url?: string
  type?: string
  authorization?: string
  userAgent?: string
  body: string
}[] = []

let server: Server
let client: ReturnType<typeof createApiClient>

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      received.push({
        method: req.method,
        url: req.url,
        type: req.headers['content-type'],
        authorization: req.headers.authorization,
        userAgent: req.headers['user-agent'],
        body,
      })
      const answer = answers[`${req.method} ${req.url}`] ?? { status: 404, body: '{}' }
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  client = createApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
})

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe('api client', () => {
  it('parses answers with the schemas and encodes ids into the path', async () => {
    expect(await client.sources()).toEqual({ items: [] })
    expect((await client.split('a/b')).revision).toBe('7')
  })

  it('turns error bodies into ApiError with code, status and details', async () => {
    const error = await client
      .applySplit('s', { backends: [{ name: 'v1', weight: 100 }], revision: '1' })
      .catch((e) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ code: 'conflict', status: 409, message: 'changed' })
    expect(conflictCurrent(error)).toEqual({
      backends: [{ name: 'v1', weight: 100 }],
      revision: '9',
    })
    expect(received.at(-1)).toMatchObject({ method: 'PUT', type: 'application/json' })
    expect(JSON.parse(received.at(-1)!.body)).toEqual({
      backends: [{ name: 'v1', weight: 100 }],
      revision: '1',
    })

    await expect(client.service('gone')).rejects.toMatchObject({ code: 'not_found', status: 404 })
    expect(conflictCurrent(await client.service('gone').catch((e) => e))).toBeNull()
  })

  it('reads the fields an error names, and none from anything else', () => {
    const fields = [{ field: 'matches', message: 'cannot be written here' }]
    expect(errorFields(new ApiError('unprocessable', 'no', 422, { fields }))).toEqual(fields)
    expect(errorFields(new ApiError('unprocessable', 'no', 422, { serviceId: 'x' }))).toEqual([])
    expect(errorFields(new ApiError('internal', 'no', 500))).toEqual([])
    expect(errorFields(new Error('no'))).toEqual([])
  })

  it('sends only the change filters that are set, and a revert as a JSON body', async () => {
    const page = await client.changes({
      service: 'a/b',
      actor: undefined,
      source: '',
      outcome: 'applied',
      limit: 20,
    })
    expect(page).toEqual({ items: [], nextCursor: 'c1' })

    await expect(
      client.revertChange('c/1', { comment: 'back', force: true }),
    ).rejects.toMatchObject({ code: 'owned', status: 409 })
    expect(received.at(-1)).toMatchObject({ method: 'POST', type: 'application/json' })
    expect(JSON.parse(received.at(-1)!.body)).toEqual({ comment: 'back', force: true })
  })

  it('reports answers that are not what the API promises', async () => {
    await expect(client.meshes()).rejects.toMatchObject({ code: 'internal', status: 200 })
    await expect(client.mesh('broken')).rejects.toMatchObject({ code: 'internal', status: 500 })
  })

  it('sends a bearer token and the user agent a script gives, and no token when none is given', async () => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    await createApiClient(base, 'api', { token: 't0k', userAgent: 'meshpane-cli/1' }).sources()
    expect(received.at(-1)).toMatchObject({
      authorization: 'Bearer t0k',
      userAgent: 'meshpane-cli/1',
    })
    await client.sources()
    expect(received.at(-1)!.authorization).toBeUndefined()
  })

  it('reports a Meshpane that does not answer', async () => {
    const nowhere = createApiClient('http://127.0.0.1:1')
    await expect(nowhere.sources()).rejects.toMatchObject({ code: 'unreachable', status: 0 })
  })
})
