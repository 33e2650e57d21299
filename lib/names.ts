import type { MeshKind } from './schemas/mesh'
import type { SourceKind } from './schemas/source'

/**
 * What a valid name is, per place, as the systems that own the names define it. Ids decode only
 * to names that pass these rules, so no id can put `.`, `..`, `/` or an escape into a request path.
 */

/** RFC 1123 label (a Kubernetes namespace): lower-case alphanumerics and '-', at most 63. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/
/** RFC 1123 subdomain (a Kubernetes object name): labels joined by '.', at most 253 in all. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
/** A Kubernetes label value, non-empty: where Kubernetes meshes take their names from. */
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/
/**
 * App Mesh's API bounds names to 1–255 characters and refuses '/'; Meshpane takes the characters
 * its names are made of (DNS names of virtual services, CloudFormation and controller names).
 */
const APP_MESH_NAME = /^(?!\.\.?$)[A-Za-z0-9_.-]{1,255}$/
/** Kube context and AWS source names: free text from the operator's files, but printable and bounded. */
const SOURCE_NAME = /^[^\p{Cc}]{1,512}$/u

export const isDnsLabel = (s: string) => DNS_LABEL.test(s)
export const isDnsSubdomain = (s: string) => s.length <= 253 && DNS_SUBDOMAIN.test(s)
export const isAppMeshName = (s: string) => APP_MESH_NAME.test(s)
export const isSourceName = (s: string) => SOURCE_NAME.test(s)

/** An App Mesh mesh's key name, `<mesh name>@<owner account>` (one account may see two `shop`s). */
const isAppMeshKey = (s: string) => {
  const m = /^(.*)@(\d{12})$/.exec(s)
  return m !== null && isAppMeshName(m[1]!)
}

type NameRules = {
  source: SourceKind
  mesh(name: string): boolean
  namespace(name: string): boolean
  service(name: string): boolean
}

const KUBERNETES: NameRules = {
  source: 'kubernetes',
  mesh: (s) => LABEL_VALUE.test(s),
  namespace: isDnsLabel,
  service: isDnsSubdomain,
}

/** Per mesh kind: the kind of source it lives in, and the rules of its names. */
export const NAME_RULES: Record<MeshKind, NameRules> = {
  istio: KUBERNETES,
  linkerd: KUBERNETES,
  'gateway-api': KUBERNETES,
  smi: KUBERNETES,
  consul: KUBERNETES,
  // A service's namespace is its mesh's name.
  appmesh: { source: 'aws', mesh: isAppMeshKey, namespace: isAppMeshName, service: isAppMeshName },
}
