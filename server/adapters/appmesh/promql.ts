import 'server-only'
import type { Mesh } from '@/lib/schemas'
import {
  derivedQueries,
  promRegexLiteral,
  promString,
  type MetricQueries,
} from '@/server/metrics/queries'

/** The label the virtual node is copied into from the Envoy cluster name. */
const NODE = 'virtual_node'

/**
 * App Mesh's Envoy, as the destination counts it (Flagger's choice: every request that reached the
 * virtual node, wherever it came from): the ingress cluster `cds_ingress_<mesh>_<node>_<proto>_<port>`
 * of each node's Envoy, the node taken from that name with `label_replace` (App Mesh's naming, so no
 * scrape convention is needed for it). The mesh is told apart from same-named meshes of other
 * accounts and regions by the target labels of the Envoy scrape job (`aws_region`,
 * `appmesh_mesh_owner`, `appmesh_mesh`: relabelled from the Envoy's APPMESH_RESOURCE_ARN).
 * Envoy's cluster stats carry no virtual service, so figures are per virtual node (no `by.service`):
 * a service shows its nodes' figures, and the `selector` narrows no further than the mesh.
 * Requests and successes come from `envoy_cluster_upstream_rq_xx`, as for the other Envoy meshes.
 */
export function appMeshQueries(mesh: Mesh): MetricQueries | null {
  if (!mesh.aws) return null
  const ingress = `cds_ingress_${promRegexLiteral(mesh.name)}_(.+)_(?:http|http2|grpc|tcp)_[0-9]+`
  return derivedQueries({
    by: { namespace: 'appmesh_mesh', backend: NODE },
    // The per-cluster sums first (few series), then the node cut out of the name, then the sum.
    inner: 'appmesh_mesh, envoy_cluster_name',
    derive: (e) => `label_replace(${e}, "${NODE}", "$1", "envoy_cluster_name", "${ingress}")`,
    matchers: () => [
      `aws_region="${promString(mesh.aws!.region)}"`,
      `appmesh_mesh_owner="${promString(mesh.aws!.meshOwner)}"`,
      `appmesh_mesh="${promString(mesh.name)}"`,
      `envoy_cluster_name=~"${ingress}"`,
    ],
    responses: 'envoy_cluster_upstream_rq_xx',
    success: 'envoy_response_code_class!="5"',
    latencyBuckets: 'envoy_cluster_upstream_rq_time_bucket',
  })
}
