import { describe, expect, it } from 'vitest'
import type { HttpRoute, VirtualService } from './native'
import { ownedRoute, splitOf, weightPatch } from './split'

const vs = (http: HttpRoute[]): VirtualService => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'r', namespace: 'ns', resourceVersion: '42' },
  spec: { hosts: ['r'], http },
})
const to = (subset: string, weight?: number) => ({
  destination: { host: 'r', subset },
  ...(weight !== undefined && { weight }),
})

describe('the route Meshpane owns', () => {
  it('is the last route without a match, skipping match routes after it', () => {
    const v = vs([
      { route: [to('a', 1), to('b', 1)] },
      { match: [{ uri: { prefix: '/x' } }], route: [to('c')] },
    ])
    expect(ownedRoute(v)?.index).toBe(0)
  })

  it('treats an empty match list as no match', () => {
    expect(ownedRoute(vs([{ match: [], route: [to('a')] }]))?.index).toBe(0)
  })

  it('does not exist when the default route has no subsets or there is no default route', () => {
    expect(ownedRoute(vs([{ route: [{ destination: { host: 'r' } }] }]))).toBeNull()
    expect(ownedRoute(vs([{ match: [{}], route: [to('a')] }]))).toBeNull()
    expect(ownedRoute(vs([]))).toBeNull()
  })
})

describe('splitOf', () => {
  it('turns relative weights into percents summing to 100', () => {
    const v = vs([{ route: [to('a', 1), to('b', 1), to('c', 1)] }])
    expect(splitOf(v, ownedRoute(v)!)).toMatchObject({
      backends: [
        { name: 'a', weight: 34 },
        { name: 'b', weight: 33 },
        { name: 'c', weight: 33 },
      ],
      revision: '42',
    })
  })

  it('gives a lone destination without weight all the traffic, and others without weight none', () => {
    const lone = vs([{ route: [to('a')] }])
    expect(splitOf(lone, ownedRoute(lone)!).backends).toEqual([{ name: 'a', weight: 100 }])
    const pair = vs([{ route: [to('a', 5), to('b')] }])
    expect(splitOf(pair, ownedRoute(pair)!).backends.map((b) => b.weight)).toEqual([100, 0])
  })
})

describe('weightPatch', () => {
  it('tests the revision first, then sets each weight of the owned route only', () => {
    const v = vs([{ match: [{}], route: [to('x')] }, { route: [to('a', 90), to('b')] }])
    expect(weightPatch(ownedRoute(v)!, [70, 30], '42')).toEqual([
      { op: 'test', path: '/metadata/resourceVersion', value: '42' },
      { op: 'replace', path: '/spec/http/1/route/0/weight', value: 70 },
      { op: 'add', path: '/spec/http/1/route/1/weight', value: 30 },
    ])
  })
})
