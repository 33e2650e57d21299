import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import * as openapi from '@/app/api/v1/openapi.json/route'
import { ROUTES } from '@/lib/api/routes'
import { ERROR_STATUS, type ErrorCode } from '@/lib/schemas'
import { call } from '@/server/fixtures/api'
import { checkAnswer, document, routeHandlers } from '@/server/fixtures/contract'

const operations = (doc: typeof document) =>
  Object.entries(doc.paths).flatMap(([p, methods]) =>
    Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`),
  )

describe('the route table', () => {
  it('has one entry for each method a route file under app/api/v1 exports, and no other', async () => {
    const served = (await routeHandlers()).map((r) => `${r.method} ${r.path}`).sort()
    const described = Object.values(ROUTES)
      .map((r) => `${r.method} ${r.path}`)
      .sort()
    expect(
      served,
      'route files without an entry in lib/api/routes.ts, or entries without one',
    ).toEqual(described)
    expect(operations(document).sort()).toEqual(described)
  })

  it('documents every status each route may answer, with every $ref resolving', () => {
    for (const [p, methods] of Object.entries(document.paths))
      for (const [method, op] of Object.entries(methods)) {
        expect(Object.keys(op.responses), `${method} ${p}`).toContain('200')
        // Every route may be refused by the request policy, and may fail.
        expect(Object.keys(op.responses), `${method} ${p}`).toEqual(
          expect.arrayContaining(['403', '500']),
        )
        if (op.requestBody)
          expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['400', '413', '415']))
      }
    const dangling = JSON.stringify(document)
      .match(/#\/components\/schemas\/\w+/g)!
      .filter((ref) => !document.components.schemas[ref.split('/').at(-1)!])
    expect(dangling).toEqual([])
  })

  it('is served at /api/v1/openapi.json as OpenAPI 3.1, with the package version', async () => {
    const answer = await call(openapi.GET, {})
    expect(answer.status).toBe(200)
    const served = (await answer.json()) as typeof document
    expect(served.openapi).toMatch(/^3\.1\./)
    expect(served.info.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(operations(served)).toEqual(operations(document))
  })
})

describe('answers checked against the document', () => {
  const conflict = (details: unknown) =>
    Response.json({ error: { code: 'conflict', message: 'moved', details } }, { status: 409 })

  it('accept what it promises and refuse what it does not', async () => {
    const split = { backends: [{ name: 'v1', weight: 100 }], revision: '7' }
    await checkAnswer('PUT', '/services/{serviceId}/split', conflict({ current: split }))
    const refusals: [string, string, Response][] = [
      ['PUT', '/services/{serviceId}/split', conflict({ current: { backends: 'all' } })],
      ['GET', '/services/{serviceId}/split', conflict({ current: split })],
      ['GET', '/sources', Response.json({ items: [{ name: 'east' }] })],
      ['GET', '/nowhere', Response.json({})],
      ['GET', '/sources', new Response('ok', { headers: { 'content-type': 'text/plain' } })],
    ]
    for (const [method, route, response] of refusals)
      await expect(checkAnswer(method, route, response), `${method} ${route}`).rejects.toThrow()
  })
})

describe("the README's API table", () => {
  it('lists exactly the routes of the document', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8')
    const section = readme.split('## The API (`/api/v1`)')[1]!.split('\n## ')[0]!
    const listed = [...section.matchAll(/^\| `(GET|PUT|POST|PATCH|DELETE) \/api\/v1([^`?]*)/gm)]
      .map(([, method, p]) => `${method} ${p}`)
      .sort()
    expect(listed).toEqual(operations(document).sort())
  })

  it('names each error code with its status', () => {
    const codes = Object.keys(ERROR_STATUS) as ErrorCode[]
    const table = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8')
    for (const code of codes) expect(table, code).toContain(`\`${code}\``)
  })
})
