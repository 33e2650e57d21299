import { describe, expect, it } from 'vitest'
import { MeshpaneConfig } from '@/server/config/config'
import { refusalOf, requestPolicy, type RequestFacts } from './request-policy'

const loopback = requestPolicy(MeshpaneConfig.parse({}), { host: '127.0.0.1', port: 3000 })
const published = requestPolicy(
  MeshpaneConfig.parse({
    publicOrigin: 'https://meshpane.example.com',
    allowedHosts: ['meshpane.internal', 'lb.example.com:8443'],
  }),
  { host: '0.0.0.0', port: 3000 },
)

const write = (facts: Partial<RequestFacts>): RequestFacts => ({
  method: 'PUT',
  path: '/api/v1/services/x/split',
  host: '127.0.0.1:3000',
  origin: null,
  secFetchSite: null,
  contentType: 'application/json',
  authorization: null,
  cookie: null,
  ...facts,
})
const read = (facts: Partial<RequestFacts>) => write({ method: 'GET', contentType: null, ...facts })

describe('Host', () => {
  it.each(['127.0.0.1:3000', 'localhost:3000', '[::1]:3000', 'LOCALHOST:3000'])(
    'answers %s when listening on loopback',
    (host) => expect(refusalOf(read({ host }), loopback)).toBeUndefined(),
  )

  it.each([
    ['attacker.example', loopback],
    ['attacker.example:3000', loopback],
    ['127.0.0.1:4000', loopback],
    [null, loopback],
    ['meshpane.example.com:444', published],
    ['lb.example.com', published],
    ['a b', published],
  ] as const)('refuses %s, reads included (DNS rebinding)', (host, policy) =>
    expect(refusalOf(read({ host }), policy)).toMatchObject({ status: 403, code: 'forbidden' }),
  )

  it.each([
    'meshpane.example.com',
    'meshpane.internal:9000',
    'lb.example.com:8443',
    'localhost:3000',
  ])(
    'answers %s: the public origin, allowedHosts (any port when none is named) and loopback',
    (host) => expect(refusalOf(read({ host }), published)).toBeUndefined(),
  )
})

describe('writes from other sites', () => {
  it('takes a write from the public origin, or marked same-origin by the browser', () => {
    expect(refusalOf(write({ origin: 'http://localhost:3000' }), loopback)).toBeUndefined()
    expect(
      refusalOf(write({ secFetchSite: 'same-origin', cookie: 'a=b' }), loopback),
    ).toBeUndefined()
    const host = 'meshpane.example.com'
    expect(
      refusalOf(write({ host, origin: 'https://meshpane.example.com' }), published),
    ).toBeUndefined()
  })

  it.each([
    { origin: 'https://attacker.example' },
    { origin: 'null' },
    { origin: 'http://127.0.0.1:3001' },
    { origin: 'https://attacker.example', authorization: 'Bearer abc' },
    { secFetchSite: 'cross-site' },
    { secFetchSite: 'same-site' },
    { cookie: 'session=1' },
    { method: 'POST', origin: 'https://attacker.example', contentType: 'text/plain' },
    { method: 'DELETE', origin: 'https://attacker.example' },
  ])('refuses %o with 403', (facts) =>
    expect(refusalOf(write(facts), loopback)).toMatchObject({ status: 403, code: 'forbidden' }),
  )

  it('refuses only the public origin when one is set', () =>
    expect(
      refusalOf(
        write({ host: 'meshpane.example.com', origin: 'http://localhost:3000' }),
        published,
      ),
    ).toMatchObject({ status: 403 }))

  it('takes scripts: a bearer token without Origin (cookie or not), or no credentials and no browser marks', () => {
    expect(
      refusalOf(write({ authorization: 'Bearer abc', cookie: 'a=b' }), loopback),
    ).toBeUndefined()
    expect(refusalOf(write({}), loopback)).toBeUndefined()
  })

  it('leaves reads alone', () =>
    expect(refusalOf(read({ origin: 'https://attacker.example' }), loopback)).toBeUndefined())
})

describe('media type', () => {
  it.each([
    ['text/plain', 'text/plain'],
    ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded'],
    ['multipart/form-data; boundary=x', 'multipart/form-data'],
    [null, 'no content type'],
  ])('refuses a write as %s with 415', (contentType, named) =>
    expect(refusalOf(write({ contentType }), loopback)).toMatchObject({
      status: 415,
      code: 'unsupported_media_type',
      message: expect.stringContaining(named),
    }),
  )

  it('takes the sign-out form post from our origin only, and no other form', () => {
    const signOut = { method: 'POST', path: '/api/auth/logout' }
    const form = 'application/x-www-form-urlencoded'
    expect(
      refusalOf(
        write({ ...signOut, contentType: form, origin: 'http://127.0.0.1:3000' }),
        loopback,
      ),
    ).toBeUndefined()
    expect(
      refusalOf(
        write({ ...signOut, contentType: form, origin: 'https://attacker.example' }),
        loopback,
      ),
    ).toMatchObject({ status: 403 })
    expect(
      refusalOf(
        write({ ...signOut, contentType: 'text/plain', origin: 'http://127.0.0.1:3000' }),
        loopback,
      ),
    ).toMatchObject({ status: 415 })
    expect(refusalOf(write({ method: 'POST', contentType: form }), loopback)).toMatchObject({
      status: 415,
    })
  })

  it('refuses a POST without a body or type, and takes application/json with parameters', () => {
    expect(refusalOf(write({ method: 'POST', contentType: null }), loopback)).toMatchObject({
      status: 415,
    })
    expect(
      refusalOf(write({ contentType: 'Application/JSON; charset=utf-8' }), loopback),
    ).toBeUndefined()
  })
})
