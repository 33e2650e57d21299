// Legacy discovery documents (/api, /apis, /api/v1, /apis/{g}/{v}). Clients asking for aggregated
// discovery get these as plain application/json and fall back, exactly as with an older server.
import { groupVersion, subresourcesOf, type ResourceType, type Subresource } from './resources'

const STORED_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
]

const SUBRESOURCE_KINDS: Record<Subresource, object> = {
  status: { verbs: ['get', 'patch', 'update'] },
  scale: { group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
  token: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] },
}

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  }
}

function apiGroup(name: string, types: ResourceType[]) {
  const versions = [...new Set(types.flatMap((t) => t.versions))].map((version) => ({
    groupVersion: groupVersion(name, version),
    version,
  }))
  return { name, versions, preferredVersion: versions[0]! }
}

const groupNames = (types: ResourceType[]) =>
  [...new Set(types.map((t) => t.group))].filter((g) => g !== '')

export function apiGroupList(types: ResourceType[]) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groupNames(types).map((g) =>
      apiGroup(
        g,
        types.filter((t) => t.group === g),
      ),
    ),
  }
}

export function oneApiGroup(group: string, types: ResourceType[]) {
  const inGroup = types.filter((t) => t.group === group)
  return inGroup.length
    ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, inGroup) }
    : undefined
}

export function apiResourceList(group: string, version: string, types: ResourceType[]) {
  const inVersion = types.filter((t) => t.group === group && t.versions.includes(version))
  if (!inVersion.length) return undefined
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion(group, version),
    resources: inVersion.flatMap((t) => [
      {
        name: t.plural,
        singularName: t.singular,
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: t.virtual ? ['create'] : STORED_VERBS,
        ...(t.shortNames ? { shortNames: t.shortNames } : {}),
        ...(t.categories ? { categories: t.categories } : {}),
      },
      ...subresourcesOf(t).map((sub) => ({
        name: `${t.plural}/${sub}`,
        singularName: '',
        namespaced: t.namespaced,
        ...SUBRESOURCE_KINDS[sub],
        ...(sub === 'status' && { kind: t.kind }),
      })),
    ]),
  }
}
