// Scenario files: the demo validates, and a bad file is refused with the offending field named.
import { describe, expect, it } from 'vitest'
import { expandCluster } from './expand'
import { DEFAULT_SCENARIO } from './lab'
import { loadScenario, parseScenario } from './scenario'

const minimal = (cluster: string) => `clusters:\n  - name: one\n${cluster}`

describe('scenario files', () => {
  it('loads the demo: at least three clusters with Istio, one with two namespaces of services', () => {
    const demo = loadScenario(DEFAULT_SCENARIO)
    const istio = demo.clusters.filter((c) => c.meshes.some((m) => m.kind === 'istio'))
    expect(istio.map((c) => c.name)).toEqual(
      expect.arrayContaining(['prod-eu', 'prod-us', 'staging']),
    )
    const prodEu = demo.clusters.find((c) => c.name === 'prod-eu')!
    expect(new Set(prodEu.services.map((s) => s.namespace))).toEqual(new Set(['bookinfo', 'shop']))
    expect(prodEu.services.find((s) => s.name === 'reviews')!.versions.map((v) => v.name)).toEqual([
      'v1',
      'v2',
      'v3',
    ])
  })

  it('names the bad field', () => {
    const bad = minimal(
      `    services:\n      - { name: api, namespace: web, versions: [{ name: v1, replicas: two }] }\n`,
    )
    expect(() => parseScenario(bad, 'bad.yaml')).toThrow(
      /bad\.yaml is invalid:\n\s+clusters\.0\.services\.0\.versions\.0\.replicas: /,
    )
    expect(() => parseScenario(minimal('    colour: blue\n'))).toThrow(
      /clusters\.0: Unrecognized key: "colour"/,
    )
    expect(() => parseScenario('clusters: [{ name: a }, { name: a }]')).toThrow(
      /clusters\.1\.name: duplicate cluster name "a"/,
    )
    expect(() => parseScenario('clusters: [ {')).toThrow(/not valid YAML/)
  })

  it('checks the people and the RBAC every cluster holds', () => {
    const world = (rest: string) => `clusters: [{ name: one }]\n${rest}`
    const alice = '{ name: alice, password: a, groups: [admins] }'
    expect(parseScenario(world(`people: [${alice}]`)).people[0]).toEqual({
      name: 'alice',
      password: 'a',
      groups: ['admins'],
    })
    expect(() => parseScenario(world(`people: [${alice}, ${alice}]`))).toThrow(
      /people\.1\.name: duplicate person "alice"/,
    )
    expect(() =>
      parseScenario(
        world(
          'rbac: [{ apiVersion: rbac.authorization.k8s.io/v1, kind: Role, metadata: { name: r } }]',
        ),
      ),
    ).toThrow(/rbac\.0: must be an rbac.authorization.k8s.io\/v1 ClusterRole or ClusterRoleBinding/)
  })

  it('expands services into a Service and one Deployment per version, plus namespaces and CRDs', () => {
    const [cluster] = parseScenario(
      minimal(`    meshes: [{ kind: istio, version: 1.24.2 }]
    services:
      - name: api
        namespace: web
        versions: [{ name: v1, replicas: 2 }, { name: v2, ready: false, labels: { track: canary } }]
`),
    ).clusters
    const objects = expandCluster(cluster!, 'test')
    const names = objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)
    expect(names).toEqual(
      expect.arrayContaining([
        'CustomResourceDefinition//virtualservices.networking.istio.io',
        'Namespace//web',
        'Namespace//istio-system',
        'Deployment/istio-system/istiod',
        'Service/web/api',
        'Deployment/web/api-v1',
        'Deployment/web/api-v2',
      ]),
    )
    const v2 = objects.find((o) => o.metadata.name === 'api-v2')!
    expect(v2.metadata.labels).toEqual({ app: 'api', version: 'v2', track: 'canary' })
    expect(() =>
      expandCluster(
        { ...cluster!, meshes: [{ kind: 'kuma', version: '1', revision: 'default' }] },
        'x',
      ),
    ).toThrow(/x\.meshes\.0\.kind: unknown mesh kind "kuma"/)
  })
})
