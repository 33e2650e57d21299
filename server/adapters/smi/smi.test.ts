import { describeAdapterContract } from '@/server/adapters/contract-suite'
import { splitObjectFixture } from '@/server/adapters/k8s/object-fixture'
import { smiAdapter } from '.'

const WEIGHT = /^spec\.backends\.\d+\.weight$/
const MALFORMED = {
  object: { kind: 'TrafficSplit', namespace: 'bookstore', name: 'shipping-split' },
  field: 'spec.backends.0.service',
}
const at = (name: string) =>
  `/apis/split.smi-spec.io/v1alpha4/namespaces/bookstore/trafficsplits/${name}`

// One TrafficSplit per spec version's shape: v1alpha1 quantities, v1alpha2, v1alpha3, v1alpha4.
for (const [split, service, backends] of [
  ['cart-split', 'cart', ['cart-v1', 'cart-v2']],
  ['bookstore-split', 'bookstore', ['bookstore-v1', 'bookstore-v2']],
  ['catalog', 'catalog', ['catalog-stable', 'catalog-canary']],
  ['search-split', 'search', ['search-v1', 'search-v2']],
] as const)
  describeAdapterContract(
    smiAdapter,
    splitObjectFixture(
      'smi',
      at(split),
      WEIGHT,
      { namespace: 'bookstore', name: service, backends: [...backends] },
      MALFORMED,
      // bookstore-v3 is deployed beside the split's backends, not split to yet.
      service === 'bookstore' ? { name: 'bookstore-v3', listPath: /^spec\.backends\b/ } : undefined,
    ),
  )
