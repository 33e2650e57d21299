// The CustomResourceDefinition objects the lab installs for a mesh's kinds (rows of resources.ts).
import type { ResourceType } from './resources'

/**
 * The CustomResourceDefinition object for a CRD-backed row, as the lab installs it, serving the
 * row's versions or, when given, those of them a release of the mesh ships.
 */
export function crdObject(t: ResourceType, served: readonly string[] = t.versions) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${t.plural}.${t.group}`,
      labels: { 'lab.meshpane.dev/bundle': t.crd ?? '' },
    },
    spec: {
      group: t.group,
      scope: t.namespaced ? 'Namespaced' : 'Cluster',
      names: {
        kind: t.kind,
        listKind: `${t.kind}List`,
        plural: t.plural,
        singular: t.singular,
        shortNames: t.shortNames ?? [],
        categories: t.categories ?? [],
      },
      versions: t.versions
        .filter((v) => served.includes(v))
        .map((v, i) => ({
          name: v,
          served: true,
          storage: i === 0,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          },
        })),
    },
    status: {
      conditions: [{ type: 'Established', status: 'True', reason: 'InitialNamesAccepted' }],
    },
  }
}
