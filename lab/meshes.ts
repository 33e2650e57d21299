// What installing a mesh kind puts in a cluster: its CRD bundle and its control-plane objects.
// Adding a mesh kind to the lab is one entry here plus its rows in kube/resources.ts.
import type { MeshSpec } from './scenario'
import type { ResourceType } from './kube/resources'
import type { KubeObject } from './kube/types'
import type { ProxyKind } from './traffic/model'

export interface MeshKind {
  crdBundle: string
  defaultNamespace: string
  controlPlane(mesh: MeshSpec, namespace: string): KubeObject[]
  /** The versions of a CRD this release of the mesh serves (default: every version of the row). */
  crdVersions?(mesh: MeshSpec, t: ResourceType): string[]
  /** The proxy that reports the traffic of a cluster running this mesh (none: it brings no proxy). */
  proxy?: ProxyKind
}

function deployment(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  image: string,
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: labels.app! } },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'discovery', image }] },
      },
    },
  }
}

export const MESH_KINDS: Record<string, MeshKind> = {
  istio: {
    crdBundle: 'istio',
    defaultNamespace: 'istio-system',
    proxy: 'istio',
    // Istio 1.22 added v1 to its networking CRDs; older releases serve v1beta1 and v1alpha3 only.
    crdVersions: (mesh, t) => t.versions.filter((v) => v !== 'v1' || atLeast(mesh.version, 1, 22)),
    controlPlane: (mesh, namespace) => {
      const labels = {
        app: 'istiod',
        istio: 'pilot',
        'istio.io/rev': mesh.revision,
        'app.kubernetes.io/name': 'istiod',
        'app.kubernetes.io/version': mesh.version,
        'app.kubernetes.io/part-of': 'istio',
      }
      const name = mesh.revision === 'default' ? 'istiod' : `istiod-${mesh.revision}`
      return [
        deployment(name, namespace, labels, `docker.io/istio/pilot:${mesh.version}`),
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name, namespace, labels },
          spec: {
            selector: { app: 'istiod', 'istio.io/rev': mesh.revision },
            ports: [
              { name: 'grpc-xds', port: 15010, protocol: 'TCP' },
              { name: 'https-dns', port: 15012, protocol: 'TCP' },
              { name: 'https-webhook', port: 443, targetPort: 15017, protocol: 'TCP' },
              { name: 'http-monitoring', port: 15014, protocol: 'TCP' },
            ],
          },
        },
      ]
    },
  },
  // Issue 3's mesh kinds. Linkerd's control-plane namespace also needs the label
  // linkerd.io/is-control-plane=true, declared in the cluster's namespaces.
  linkerd: {
    crdBundle: 'linkerd',
    defaultNamespace: 'linkerd',
    proxy: 'linkerd',
    controlPlane: (mesh, namespace) => [
      workload(
        'Deployment',
        'linkerd-destination',
        namespace,
        {
          'app.kubernetes.io/name': 'destination',
          'app.kubernetes.io/part-of': 'Linkerd',
          'app.kubernetes.io/version': mesh.version,
          'linkerd.io/control-plane-component': 'destination',
          'linkerd.io/control-plane-ns': namespace,
        },
        `cr.l5d.io/linkerd/controller:${mesh.version}`,
        ['destination', '-default-inbound-policy=all-unauthenticated'],
      ),
    ],
  },
  'gateway-api': { crdBundle: 'gateway-api', defaultNamespace: 'default', controlPlane: () => [] },
  smi: {
    crdBundle: 'smi',
    defaultNamespace: 'osm-system',
    proxy: 'osm',
    controlPlane: (mesh, namespace) => [
      workload(
        'Deployment',
        'osm-controller',
        namespace,
        {
          app: 'osm-controller',
          meshName: 'osm',
          'app.kubernetes.io/name': 'openservicemesh.io',
          'app.kubernetes.io/version': mesh.version,
        },
        `openservicemesh/osm-controller:v${mesh.version}`,
      ),
    ],
  },
  consul: {
    crdBundle: 'consul',
    defaultNamespace: 'consul',
    proxy: 'consul',
    controlPlane: (mesh, namespace) => [
      workload(
        'StatefulSet',
        'consul-server',
        namespace,
        {
          app: 'consul',
          chart: 'consul-helm',
          component: 'server',
          heritage: 'Helm',
          release: 'consul',
        },
        `hashicorp/consul:${mesh.version}`,
      ),
    ],
  },
}

/** Whether a `major.minor[.patch]` release is at least major.minor. */
function atLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.replace(/^v/, '').split('.').map(Number)
  return a > major || (a === major && b >= minor)
}

/** The proxy reporting a cluster's traffic: the first of its meshes that brings one; Istio's by default. */
export function clusterProxy(meshes: readonly Pick<MeshSpec, 'kind'>[]): ProxyKind {
  return meshes.map((m) => MESH_KINDS[m.kind]?.proxy).find((p) => p !== undefined) ?? 'istio'
}

/** A control-plane Deployment or StatefulSet selected by all its labels. */
function workload(
  kind: 'Deployment' | 'StatefulSet',
  name: string,
  namespace: string,
  labels: Record<string, string>,
  image: string,
  args?: string[],
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace, labels },
    spec: {
      replicas: 1,
      ...(kind === 'StatefulSet' && { serviceName: name }),
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name, image, ...(args && { args }) }] },
      },
    },
  }
}
