// The data-driven table of every resource type the lab serves. Adding a mesh kind's CRD is one row.
export interface ResourceType {
  group: string // '' is the core group
  versions: string[] // served versions; the first is the storage and preferred version
  kind: string
  plural: string
  singular: string
  namespaced: boolean
  shortNames?: string[]
  categories?: string[]
  // The bundle a CRD-backed type belongs to (e.g. 'istio'): served only where the scenario installs it.
  crd?: string
  // Not stored: answered by a handler.
  virtual?: boolean
  // Served subresources; CRD-backed rows default to ['status'] (Istio, Gateway API, Linkerd have it).
  subresources?: Subresource[]
}

export type Subresource = 'status' | 'scale' | 'token'

const RBAC = 'rbac.authorization.k8s.io'

/** A cluster-scoped kind (unless told) served at v1 only, named as most built-in kinds are. */
const v1Kind = (group: string, kind: string, rest: Partial<ResourceType> = {}): ResourceType => ({
  group,
  versions: ['v1'],
  kind,
  plural: `${kind.toLowerCase()}s`,
  singular: kind.toLowerCase(),
  namespaced: false,
  ...rest,
})

const ROWS: ResourceType[] = [
  {
    group: '',
    versions: ['v1'],
    kind: 'Namespace',
    plural: 'namespaces',
    singular: 'namespace',
    namespaced: false,
    shortNames: ['ns'],
    subresources: ['status'],
  },
  {
    group: '',
    versions: ['v1'],
    kind: 'Service',
    plural: 'services',
    singular: 'service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    subresources: ['status'],
  },
  {
    group: '',
    versions: ['v1'],
    kind: 'Pod',
    plural: 'pods',
    singular: 'pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    subresources: ['status'],
  },
  {
    group: '',
    versions: ['v1'],
    kind: 'ConfigMap',
    plural: 'configmaps',
    singular: 'configmap',
    namespaced: true,
    shortNames: ['cm'],
  },
  {
    group: '',
    versions: ['v1'],
    kind: 'Secret',
    plural: 'secrets',
    singular: 'secret',
    namespaced: true,
  },
  {
    group: '',
    versions: ['v1'],
    kind: 'ServiceAccount',
    plural: 'serviceaccounts',
    singular: 'serviceaccount',
    namespaced: true,
    shortNames: ['sa'],
    // TokenRequest: lab/kube/service-account-tokens.ts.
    subresources: ['token'],
  },
  {
    group: '',
    versions: ['v1'],
    kind: 'PersistentVolumeClaim',
    plural: 'persistentvolumeclaims',
    singular: 'persistentvolumeclaim',
    namespaced: true,
    shortNames: ['pvc'],
    subresources: ['status'],
  },
  {
    group: 'apps',
    versions: ['v1'],
    kind: 'Deployment',
    plural: 'deployments',
    singular: 'deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: ['status', 'scale'],
  },
  {
    group: 'apps',
    versions: ['v1'],
    kind: 'ReplicaSet',
    plural: 'replicasets',
    singular: 'replicaset',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    subresources: ['status', 'scale'],
  },
  {
    group: 'apps',
    versions: ['v1'],
    kind: 'StatefulSet',
    plural: 'statefulsets',
    singular: 'statefulset',
    namespaced: true,
    shortNames: ['sts'],
    categories: ['all'],
    subresources: ['status', 'scale'],
  },
  v1Kind('networking.k8s.io', 'NetworkPolicy', {
    plural: 'networkpolicies',
    namespaced: true,
    shortNames: ['netpol'],
  }),
  {
    group: 'policy',
    versions: ['v1'],
    kind: 'PodDisruptionBudget',
    plural: 'poddisruptionbudgets',
    singular: 'poddisruptionbudget',
    namespaced: true,
    shortNames: ['pdb'],
    subresources: ['status'],
  },
  {
    group: 'apiextensions.k8s.io',
    versions: ['v1'],
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    singular: 'customresourcedefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
  },
  // Not stored: answered by lab/kube/rbac/access-reviews.ts.
  v1Kind('authorization.k8s.io', 'SelfSubjectAccessReview', { virtual: true }),
  v1Kind('authorization.k8s.io', 'SubjectAccessReview', { virtual: true }),
  v1Kind('authentication.k8s.io', 'SelfSubjectReview', { virtual: true }),
  v1Kind(RBAC, 'ClusterRole'),
  v1Kind(RBAC, 'ClusterRoleBinding'),
  v1Kind(RBAC, 'Role', { namespaced: true }),
  v1Kind(RBAC, 'RoleBinding', { namespaced: true }),
  {
    group: 'networking.istio.io',
    versions: ['v1', 'v1beta1', 'v1alpha3'],
    kind: 'VirtualService',
    plural: 'virtualservices',
    singular: 'virtualservice',
    namespaced: true,
    shortNames: ['vs'],
    categories: ['istio-io', 'networking-istio-io'],
    crd: 'istio',
  },
  {
    group: 'networking.istio.io',
    versions: ['v1', 'v1beta1', 'v1alpha3'],
    kind: 'DestinationRule',
    plural: 'destinationrules',
    singular: 'destinationrule',
    namespaced: true,
    shortNames: ['dr'],
    categories: ['istio-io', 'networking-istio-io'],
    crd: 'istio',
  },
  {
    group: 'networking.istio.io',
    versions: ['v1', 'v1beta1', 'v1alpha3'],
    kind: 'Gateway',
    plural: 'gateways',
    singular: 'gateway',
    namespaced: true,
    shortNames: ['gw'],
    categories: ['istio-io', 'networking-istio-io'],
    crd: 'istio',
  },
  // Mesh kinds of issue 3. Linkerd's HTTPRoute copies Gateway API's. Every version is served from one
  // stored copy without conversion, so an old client's body (SMI v1alpha1 quantities) stays as written.
  {
    group: 'policy.linkerd.io',
    versions: ['v1beta3', 'v1beta2', 'v1beta1'],
    kind: 'HTTPRoute',
    plural: 'httproutes',
    singular: 'httproute',
    namespaced: true,
    categories: ['policy', 'linkerd'],
    crd: 'linkerd',
  },
  {
    group: 'gateway.networking.k8s.io',
    versions: ['v1', 'v1beta1'],
    kind: 'HTTPRoute',
    plural: 'httproutes',
    singular: 'httproute',
    namespaced: true,
    categories: ['gateway-api'],
    crd: 'gateway-api',
  },
  {
    group: 'split.smi-spec.io',
    versions: ['v1alpha4', 'v1alpha3', 'v1alpha2', 'v1alpha1'],
    kind: 'TrafficSplit',
    plural: 'trafficsplits',
    singular: 'trafficsplit',
    namespaced: true,
    shortNames: ['ts'],
    crd: 'smi',
  },
  {
    group: 'specs.smi-spec.io',
    versions: ['v1alpha4', 'v1alpha3', 'v1alpha2', 'v1alpha1'],
    kind: 'HTTPRouteGroup',
    plural: 'httproutegroups',
    singular: 'httproutegroup',
    namespaced: true,
    shortNames: ['htr'],
    crd: 'smi',
  },
  {
    group: 'consul.hashicorp.com',
    versions: ['v1alpha1'],
    kind: 'ServiceSplitter',
    plural: 'servicesplitters',
    singular: 'servicesplitter',
    namespaced: true,
    shortNames: ['service-splitter'],
    crd: 'consul',
  },
  {
    group: 'consul.hashicorp.com',
    versions: ['v1alpha1'],
    kind: 'ServiceResolver',
    plural: 'serviceresolvers',
    singular: 'serviceresolver',
    namespaced: true,
    shortNames: ['service-resolver'],
    crd: 'consul',
  },
  {
    group: 'consul.hashicorp.com',
    versions: ['v1alpha1'],
    kind: 'ServiceRouter',
    plural: 'servicerouters',
    singular: 'servicerouter',
    namespaced: true,
    shortNames: ['service-router'],
    crd: 'consul',
  },
]

export const RESOURCE_TYPES: readonly ResourceType[] = ROWS

export const isCustom = (t: ResourceType) => t.crd !== undefined

export const subresourcesOf = (t: ResourceType): Subresource[] =>
  t.subresources ?? (t.crd ? ['status'] : [])

export const groupVersion = (group: string, version: string) =>
  group === '' ? version : `${group}/${version}`

export const storageApiVersion = (t: ResourceType) => groupVersion(t.group, t.versions[0]!)

/** `virtualservices.networking.istio.io`, or `pods` for the core group: how Status messages name a type. */
export const qualifiedName = (t: ResourceType) =>
  t.group === '' ? t.plural : `${t.plural}.${t.group}`

export const typeKey = (t: ResourceType) => `${t.group}/${t.plural}`

export function findByKind(apiVersion: string, kind: string): ResourceType | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion]
  return ROWS.find((t) => t.group === group && t.kind === kind && t.versions.includes(version!))
}

export function findByPlural(group: string, version: string, plural: string) {
  return ROWS.find((t) => t.group === group && t.plural === plural && t.versions.includes(version))
}

export const crdBundle = (bundle: string) => ROWS.filter((t) => t.crd === bundle)
