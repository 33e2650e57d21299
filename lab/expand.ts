// Turns one scenario cluster into the Kubernetes objects it starts with, in dependency order:
// CRDs, namespaces, mesh control planes, services (Service + one Deployment per version), raw objects.
import { READY_ANNOTATION } from './kube/controller'
import { crdObject } from './kube/crds'
import { crdBundle } from './kube/resources'
import type { KubeObject } from './kube/types'
import { MESH_KINDS } from './meshes'
import { ScenarioError, type ClusterSpec, type ServiceSpec } from './scenario'

/** Labels of a version's pods: the service's app label, the version label, then the extras. */
export function versionLabels(service: ServiceSpec, version: ServiceSpec['versions'][number]) {
  return { app: service.name, version: version.name, ...version.labels }
}

function serviceObjects(s: ServiceSpec): KubeObject[] {
  const service: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: s.name,
      namespace: s.namespace,
      labels: { app: s.name, service: s.name, ...s.labels },
    },
    spec: {
      selector: { app: s.name },
      ports: [{ name: 'http', port: s.port, targetPort: s.port, protocol: 'TCP' }],
    },
  }
  const deployments = s.versions.map((v): KubeObject => {
    const labels = versionLabels(s, v)
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `${s.name}-${v.name}`, namespace: s.namespace, labels },
      spec: {
        replicas: v.replicas,
        selector: { matchLabels: { app: s.name, version: v.name } },
        template: {
          metadata: {
            labels,
            ...(v.ready ? {} : { annotations: { [READY_ANNOTATION]: 'false' } }),
          },
          spec: {
            containers: [
              {
                name: s.name,
                image: `docker.io/meshpane/${s.name}:${v.name}`,
                ports: [{ containerPort: s.port }],
              },
            ],
          },
        },
      },
    }
  })
  return [service, ...deployments]
}

export function expandCluster(c: ClusterSpec, where: string): KubeObject[] {
  const crds: KubeObject[] = []
  const controlPlanes: KubeObject[] = []
  c.meshes.forEach((m, i) => {
    const kind = MESH_KINDS[m.kind]
    if (!kind)
      throw new ScenarioError(
        `${where}.meshes.${i}.kind: unknown mesh kind "${m.kind}" (known: ${Object.keys(MESH_KINDS).join(', ')})`,
      )
    if (!crds.some((o) => o.metadata.labels?.['lab.meshpane.dev/bundle'] === kind.crdBundle))
      crds.push(...crdBundle(kind.crdBundle).map((t) => crdObject(t, kind.crdVersions?.(m, t))))
    controlPlanes.push(...kind.controlPlane(m, m.namespace ?? kind.defaultNamespace))
  })
  const services = c.services.flatMap(serviceObjects)
  const rest = [...controlPlanes, ...services, ...c.objects] as KubeObject[]
  const declared = new Map(c.namespaces.map((n) => [n.name, n.labels]))
  for (const o of rest) {
    const ns = o.metadata.namespace
    if (ns && !declared.has(ns)) declared.set(ns, {})
  }
  if (!declared.has('default')) declared.set('default', {})
  const namespaces = [...declared].map(([name, labels]): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels },
  }))
  return [...crds, ...namespaces, ...rest]
}
