// OpenAPI v3 discovery, as far as kubectl reads it: `/openapi/v3` lists one document per group
// version, and each document's PATCH operations name their kind (`x-kubernetes-group-version-kind`)
// and the query parameters they take. kubectl's validation (`--validate=strict`, its default) looks
// for `fieldValidation` there and, finding it, leaves field validation to the server
// (`?fieldValidation=Strict`, see validation.ts) instead of downloading schemas.
import type { ResourceType } from './resources'

const PARAMETERS = ['dryRun', 'fieldManager', 'fieldValidation', 'force', 'pretty'].map((name) => ({
  name,
  in: 'query',
  schema: { type: 'string', uniqueItems: true },
}))

/** `api/v1`, `apis/apps/v1`: the keys of `/openapi/v3`, without the leading slash. */
const docPath = (group: string, version: string) =>
  group === '' ? `api/${version}` : `apis/${group}/${version}`

const groupVersions = (types: ResourceType[]) => [
  ...new Map(
    types
      .filter((t) => !t.virtual)
      .flatMap((t) => t.versions.map((v) => [docPath(t.group, v), [t.group, v]] as const)),
  ).values(),
]

export function openApiRoot(types: ResourceType[]) {
  return {
    paths: Object.fromEntries(
      groupVersions(types).map(([g, v]) => [
        docPath(g, v),
        { serverRelativeURL: `/openapi/v3/${docPath(g, v)}` },
      ]),
    ),
  }
}

/** The document of one group version (`apis/apps/v1`), or undefined when none is served. */
export function openApiDocument(path: string, types: ResourceType[], kubernetesVersion: string) {
  const found = groupVersions(types).find(([g, v]) => docPath(g, v) === path)
  if (!found) return undefined
  const [group, version] = found
  const served = types.filter(
    (t) => !t.virtual && t.group === group && t.versions.includes(version),
  )
  const prefix = `/${docPath(group, version)}`
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: kubernetesVersion },
    paths: Object.fromEntries(
      served.map((t) => [
        `${prefix}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.plural}/{name}`,
        {
          patch: {
            operationId: `patch${t.namespaced ? 'Namespaced' : ''}${t.kind}`,
            'x-kubernetes-action': 'patch',
            'x-kubernetes-group-version-kind': { group, version, kind: t.kind },
            parameters: PARAMETERS,
            responses: { '200': { description: 'OK' } },
          },
        },
      ]),
    ),
    components: { schemas: {} },
  }
}
