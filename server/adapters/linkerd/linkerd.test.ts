import { describeAdapterContract } from '@/server/adapters/contract-suite'
import { httpRouteFixture } from '@/server/adapters/httproute/route-fixture'
import { linkerdAdapter } from '.'

const MALFORMED = {
  object: { kind: 'HTTPRoute', namespace: 'emojivoto', name: 'vote-bot' },
  field: 'spec.rules.0.backendRefs.0.name',
}

describeAdapterContract(
  linkerdAdapter,
  httpRouteFixture(
    'linkerd',
    'policy.linkerd.io/v1beta3',
    { namespace: 'emojivoto', name: 'voting-split' },
    { namespace: 'emojivoto', name: 'voting', backends: ['voting-v1', 'voting-v2'] },
    MALFORMED,
  ),
)

describeAdapterContract(
  linkerdAdapter,
  httpRouteFixture(
    'linkerd',
    'gateway.networking.k8s.io/v1',
    { namespace: 'emojivoto', name: 'emoji-split' },
    { namespace: 'emojivoto', name: 'emoji', backends: ['emoji-v1', 'emoji-v2'] },
    MALFORMED,
    'emoji-v3',
  ),
)
