import { describeAdapterContract } from '@/server/adapters/contract-suite'
import { httpRouteFixture } from '@/server/adapters/httproute/route-fixture'
import { gatewayApiAdapter } from '.'

describeAdapterContract(
  gatewayApiAdapter,
  httpRouteFixture(
    'mixed',
    'gateway.networking.k8s.io/v1',
    { namespace: 'bookinfo', name: 'ratings' },
    { namespace: 'bookinfo', name: 'ratings', backends: ['ratings-v1', 'ratings-v2'] },
    {
      object: { kind: 'HTTPRoute', namespace: 'bookinfo', name: 'details' },
      field: 'spec.parentRefs.0.name',
    },
    'ratings-v3',
  ),
)
