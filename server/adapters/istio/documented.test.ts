import { describe, expect, it } from 'vitest'
import { ready, documentedLab } from '@/server/fixtures/documented'

const lab = documentedLab()

type VirtualService = {
  apiVersion: string
  spec: { http: { route: { destination: { subset: string }; weight: number }[] }[] }
}

// The VirtualService reference (istio/api networking/v1alpha3/virtual_service.proto): the weighted
// example of HTTPRouteDestination, tab v1alpha3, and its DestinationRule, tab v1beta1.
describe("Istio 1.20, before networking v1: the VirtualService reference's weighted example", () => {
  it('runs in a cluster that serves networking.istio.io v1beta1 and v1alpha3, not v1', async () => {
    const versions = (await lab.kubectl('istio-1-20', ['api-versions']))
      .split('\n')
      .filter((v) => v.startsWith('networking.istio.io/'))
    expect(versions.sort()).toEqual(['networking.istio.io/v1alpha3', 'networking.istio.io/v1beta1'])
  })

  it('lists reviews-route, in default with host reviews.prod.svc.cluster.local, as prod/reviews at the served version', async () => {
    const reviews = await lab.serviceIn('istio-1-20', 'istio', 'prod', 'reviews')
    expect(reviews.backends).toEqual([ready('v2', 25), ready('v1', 75)])
    expect(reviews.routing).toEqual([
      {
        kind: 'VirtualService',
        apiVersion: 'networking.istio.io/v1beta1',
        namespace: 'default',
        name: 'reviews-route',
        active: true,
        createdAt: expect.any(String),
      },
      {
        kind: 'DestinationRule',
        apiVersion: 'networking.istio.io/v1beta1',
        namespace: 'default',
        name: 'reviews-destination',
        active: false,
      },
    ])
  })

  it('previews and writes the weights at v1beta1, which kubectl reads back at v1alpha3', async () => {
    const reviews = await lab.serviceIn('istio-1-20', 'istio', 'prod', 'reviews')
    const split = await lab.read(reviews.id)
    const preview = await lab.preview(reviews.id, {
      backends: split.backends,
      revision: split.revision,
    })
    expect(preview.object).toEqual({
      kind: 'VirtualService',
      apiVersion: 'networking.istio.io/v1beta1',
      namespace: 'default',
      name: 'reviews-route',
    })
    await lab.shift(reviews.id, { v2: 40, v1: 60 })
    const vs = await lab.getJson<VirtualService>(
      'istio-1-20',
      'virtualservices.v1alpha3.networking.istio.io',
      'reviews-route',
      '-n',
      'default',
    )
    expect(vs.apiVersion).toBe('networking.istio.io/v1alpha3')
    expect(vs.spec.http[0]!.route.map((r) => [r.destination.subset, r.weight])).toEqual([
      ['v2', 40],
      ['v1', 60],
    ])
  })
})
