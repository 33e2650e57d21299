import { describe, expect, it } from 'vitest'
import { ready, documentedLab } from '@/server/fixtures/documented'

const lab = documentedLab()

// Open Service Mesh's bookstore demo: docs/example/manifests/split/traffic-split-50-50.yaml.
describe("Open Service Mesh's bookstore split", () => {
  it('lists the root written `bookstore.bookstore` as the Service bookstore, whose backends include itself', async () => {
    const bookstore = await lab.serviceIn('osm', 'smi', 'bookstore', 'bookstore')
    expect(bookstore.backends).toEqual([ready('bookstore', 50), ready('bookstore-v2', 50)])
    expect(bookstore.routing).toMatchObject([
      { kind: 'TrafficSplit', namespace: 'bookstore', name: 'bookstore-split', active: true },
    ])
    expect((await lab.read(bookstore.id)).backends).toEqual([
      { name: 'bookstore', weight: 50 },
      { name: 'bookstore-v2', weight: 50 },
    ])
  })

  it('writes only the weights, the root left as written', async () => {
    const bookstore = await lab.serviceIn('osm', 'smi', 'bookstore', 'bookstore')
    await lab.shift(bookstore.id, { bookstore: 80, 'bookstore-v2': 20 })
    const split = await lab.getJson<{ spec: unknown }>(
      'osm',
      'trafficsplits.v1alpha2.split.smi-spec.io',
      'bookstore-split',
      '-n',
      'bookstore',
    )
    expect(split.spec).toEqual({
      service: 'bookstore.bookstore',
      backends: [
        { service: 'bookstore', weight: 80 },
        { service: 'bookstore-v2', weight: 20 },
      ],
    })
  })
})
