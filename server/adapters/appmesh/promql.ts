import 'server-only'
import type { Mesh } from '@/lib/schemas'
import { promRegexLiteral, promString, type MetricQueries } from '@/server/metrics/queries'

/** The label the virtual node is copied into from the Envoy cluster name. */
const NODE = 'virtual_node'
const BY = `appmesh_mesh, ${NODE}`

/**
 * App Mesh's Envoy, as the destination counts it (Flagger's choice: every request that reached the
 * virtual node, wherever it came from): the ingress cluster `cds_ingress_<mesh>_<node>_<proto>_<port>`
 * of each node's Envoy, the node taken from that name with `label_replace` (App Mesh's naming, so no
 * scrape convention is needed for it). The mesh is told apart from same-named meshes of other
 * accounts and regions by the target labels of the Envoy scrape job (`aws_region`,
 * `appmesh_mesh_owner`, `appmesh_mesh`: relabelled from the Envoy's APPMESH_RESOURCE_ARN).
 * Envoy's cluster stats carry no virtual service, so figures are per virtual node (no `by.service`):
 * a service shows its nodes' figures, and the `selector` narrows no further than the mesh.
 */
export function appMeshQueries(mesh: Mesh): MetricQueries | null {
  if (!mesh.aws) return null
  const meshRe = promRegexLiteral(mesh.name)
  const ingress = `cds_ingress_${meshRe}_(.+)_(?:http|http2|grpc|tcp)_[0-9]+`
  const base = (extra?: string) =>
    [
      `aws_region="${promString(mesh.aws!.region)}"`,
      `appmesh_mesh_owner="${promString(mesh.aws!.meshOwner)}"`,
      `appmesh_mesh="${promString(mesh.name)}"`,
      `envoy_cluster_name=~"${ingress}"`,
      extra,
    ]
      .filter(Boolean)
      .join(',')
  const perNode = (series: string) =>
    `label_replace(${series}, "${NODE}", "$1", "envoy_cluster_name", "${ingress}")`
  return {
    by: { namespace: 'appmesh_mesh', backend: NODE },
    requests: (w) =>
      `sum by (${BY}) (${perNode(`rate(envoy_cluster_upstream_rq_total{${base()}}[${w}])`)})`,
    successes: (w) =>
      `sum by (${BY}) (${perNode(`rate(envoy_cluster_upstream_rq{${base('envoy_response_code!~"5.."')}}[${w}])`)})`,
    latency: (q, w) =>
      `histogram_quantile(${q}, sum by (le, ${BY}) (${perNode(`rate(envoy_cluster_upstream_rq_time_bucket{${base()}}[${w}])`)}))`,
  }
}
