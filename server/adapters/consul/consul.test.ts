import { describeAdapterContract } from '@/server/adapters/contract-suite'
import { splitObjectFixture } from '@/server/adapters/k8s/object-fixture'
import { consulAdapter } from '.'

const WEIGHT = /^spec\.splits\.\d+\.weight$/
const MALFORMED = {
  object: { kind: 'ServiceSplitter', namespace: 'hashicups', name: 'payments' },
  field: 'spec.splits.0.weight',
}
const at = (name: string) =>
  `/apis/consul.hashicorp.com/v1alpha1/namespaces/hashicups/servicesplitters/${name}`

describeAdapterContract(
  consulAdapter,
  splitObjectFixture(
    'consul',
    at('api'),
    WEIGHT,
    { namespace: 'hashicups', name: 'api', backends: ['v1', 'v2'] },
    MALFORMED,
    { name: 'v3', listPath: /^spec\.splits\b/ },
  ),
)
describeAdapterContract(
  consulAdapter,
  splitObjectFixture(
    'consul',
    at('frontend'),
    WEIGHT,
    { namespace: 'hashicups', name: 'frontend', backends: ['v1', 'v2', 'v3'] },
    MALFORMED,
  ),
)
