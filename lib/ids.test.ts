import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  meshId,
  parseMeshId,
  parseServiceId,
  parseSourceId,
  serviceId,
  sourceId,
  type MeshKey,
  type ServiceKey,
} from './ids'
import { MeshKind } from './schemas/mesh'
import { SourceKind } from './schemas/source'

const RUNS = { numRuns: 500 }
const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/)
const subdomain = fc
  .array(label, { minLength: 1, maxLength: 4 })
  .map((labels) => labels.join('.'))
  .filter((name) => name.length <= 253)
const appMeshName = fc
  .stringMatching(/^[A-Za-z0-9_.-]{1,255}$/)
  .filter((name) => name !== '.' && name !== '..')
const contextName = fc
  .string({ minLength: 1, maxLength: 512, unit: 'grapheme' })
  .filter((name) => !/\p{Cc}/u.test(name))
const kubeKind = fc.constantFrom(...MeshKind.options.filter((k) => k !== 'appmesh'))

/** Services as the adapters name them: Kubernetes namespaces and objects, App Mesh meshes and virtual services. */
const validService: fc.Arbitrary<ServiceKey> = fc.oneof(
  fc.record({
    mesh: fc.record({
      source: fc.record({ kind: fc.constant('kubernetes' as const), name: contextName }),
      kind: kubeKind,
      name: fc.constantFrom('istio', 'linkerd', 'gateway-api', 'osm', 'consul'),
    }),
    namespace: label,
    name: subdomain,
  }),
  fc
    .record({
      account: fc.string({ minLength: 1, maxLength: 40 }),
      region: fc.constantFrom('eu-west-1', 'us-east-1'),
      mesh: appMeshName,
      owner: fc.stringMatching(/^\d{12}$/),
      name: appMeshName,
    })
    .map(({ account, region, mesh, owner, name }) => ({
      mesh: {
        source: { kind: 'aws' as const, name: `${account}/${region}` },
        kind: 'appmesh' as const,
        name: `${mesh}@${owner}`,
      },
      namespace: mesh,
      name,
    })),
)

const hostileName = fc.oneof(
  fc.constantFrom('.', '..', '', '../x', 'a/b', '%2F', 'x%2F..', '?watch=1', '#', 'a b', 'A'),
  fc.string(),
  fc.string({ unit: 'binary' }),
  label,
  subdomain,
  appMeshName,
)

/** A key built from any strings at all, as a hostile client could encode one, near valid ones too. */
const anyService: fc.Arbitrary<ServiceKey> = fc.record({
  mesh: fc.oneof(
    validService.map((k) => k.mesh),
    fc.record({
      source: fc.record({
        kind: fc.oneof(
          fc.constantFrom(...SourceKind.options),
          fc.string(),
        ) as fc.Arbitrary<SourceKind>,
        name: fc.oneof(contextName, fc.string({ unit: 'binary' })),
      }),
      kind: fc.oneof(fc.constantFrom(...MeshKind.options), fc.string()) as fc.Arbitrary<MeshKind>,
      name: hostileName,
    }),
  ),
  namespace: hostileName,
  name: hostileName,
})

/** What may reach a request path: nothing a URL would read as a separator, an escape or a dot segment. */
const pathSafe = (name: string) =>
  name !== '.' && name !== '..' && encodeURIComponent(name) === name && !name.includes('%')

describe('ids', () => {
  it('round-trip every valid key, and are URL-safe', () => {
    fc.assert(
      fc.property(validService, (key) => {
        const id = serviceId(key)
        expect(id).toMatch(/^[A-Za-z0-9_-]+$/)
        expect(parseServiceId(id)).toEqual(key)
        expect(parseMeshId(meshId(key.mesh))).toEqual(key.mesh)
        expect(parseSourceId(sourceId(key.mesh.source))).toEqual(key.mesh.source)
      }),
      RUNS,
    )
  })

  it('decode any key only to names that are safe in a request path', () => {
    let decoded = 0
    fc.assert(
      fc.property(anyService, (key) => {
        const parsed = parseServiceId(serviceId(key))
        if (!parsed) return
        decoded++
        expect(parsed).toEqual(key)
        expect(pathSafe(parsed.namespace) && pathSafe(parsed.name)).toBe(true)
        expect(MeshKind.options).toContain(parsed.mesh.kind)
        expect(parsed.mesh.source.kind).toBe(parsed.mesh.kind === 'appmesh' ? 'aws' : 'kubernetes')
      }),
      RUNS,
    )
    expect(decoded, 'keys that decoded: the property must not hold vacuously').toBeGreaterThan(10)
  })

  it('never throw on any string, and decode garbage to null', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.base64String(), fc.stringMatching(/^[\w-]*$/)), (id) => {
        for (const parse of [parseSourceId, parseMeshId, parseServiceId])
          expect(() => parse(id)).not.toThrow()
      }),
      RUNS,
    )
    for (const id of ['', '%%%', 'bm9wZQ', 'a'.repeat(5000), 'WyJ2Il0'])
      expect(parseServiceId(id), id).toBeNull()
  })

  const istio: MeshKey = {
    source: { kind: 'kubernetes', name: 'prod' },
    kind: 'istio',
    name: 'istio',
  }
  const named = (namespace: string, name: string) =>
    parseServiceId(serviceId({ mesh: istio, namespace, name }))
  it.each([
    ['a namespace of 63 characters', 'n'.repeat(63), 'reviews', true],
    ['a namespace of 64 characters', 'n'.repeat(64), 'reviews', false],
    ['a dotted namespace', 'book.info', 'reviews', false],
    [
      'a dotted object name of 253 characters',
      'bookinfo',
      `${'r'.repeat(125)}.${'s'.repeat(127)}`,
      true,
    ],
    ['an object name of 254 characters', 'bookinfo', 'r'.repeat(254), false],
    ['an object name ending in a dot', 'bookinfo', 'reviews.', false],
    ['a namespace starting with a dash', '-bookinfo', 'reviews', false],
  ])('Kubernetes names: %s → %s', (_what, namespace, name, valid) => {
    expect(named(namespace, name) !== null).toBe(valid)
  })

  it.each([
    ['a mesh name of 255 characters', 'm'.repeat(255), true],
    ['a mesh name of 256 characters', 'm'.repeat(256), false],
    ['a mesh name with a slash', 'shop/prod', false],
    ['a mesh name ..', '..', false],
    ['a mesh owner that is not an account', 'shop@me', false],
  ])('App Mesh names: %s', (_what, meshName, valid) => {
    const key: ServiceKey = {
      mesh: {
        source: { kind: 'aws', name: 'platform/eu-west-1' },
        kind: 'appmesh',
        name: meshName.includes('@') ? meshName : `${meshName}@111111111111`,
      },
      namespace: meshName.split('@')[0]!,
      name: 'ledger.shop.local',
    }
    expect(parseServiceId(serviceId(key)) !== null).toBe(valid)
  })
})
