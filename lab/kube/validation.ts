// The part of kube-apiserver's validation (pkg/apis/*/validation) that catches a broken install
// manifest: a Deployment whose selector misses its pods, a Service without ports, a binding to a
// service account without its namespace, a PodDisruptionBudget with both bounds. A refusal is the
// 422 Invalid Status naming the field, as the server writes it; dry runs are validated the same.
import type { ResourceType } from './resources'
import { badRequest, invalid } from './status'
import type { KubeObject } from './types'

type Check = (o: KubeObject) => [field: string, why: string] | undefined
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- validators read arbitrary fields
const f = (o: KubeObject): any => o

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/
const configKeys = (o: KubeObject, field: 'data' | 'binaryData'): ReturnType<Check> => {
  const bad = Object.keys(f(o)[field] ?? {}).find((k) => !CONFIG_KEY.test(k))
  if (bad === undefined) return undefined
  return [
    `${field}[${bad}]`,
    `Invalid value: "${bad}": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
  ]
}

const goMap = (m: Record<string, string>) =>
  `map[string]string{${Object.entries(m)
    .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
    .join(', ')}}`

function deployment(o: KubeObject): ReturnType<Check> {
  const spec = f(o).spec ?? {}
  const selector: Record<string, string> | undefined = spec.selector?.matchLabels
  if (!spec.selector) return ['spec.selector', 'Required value']
  const labels: Record<string, string> = spec.template?.metadata?.labels ?? {}
  if (selector && Object.entries(selector).some(([k, v]) => labels[k] !== v))
    return [
      'spec.template.metadata.labels',
      `Invalid value: ${goMap(labels)}: \`selector\` does not match template \`labels\``,
    ]
  const containers: { name?: string; image?: string }[] = spec.template?.spec?.containers ?? []
  if (containers.length === 0) return ['spec.template.spec.containers', 'Required value']
  for (const [i, c] of containers.entries()) {
    if (!c.name) return [`spec.template.spec.containers[${i}].name`, 'Required value']
    if (!c.image) return [`spec.template.spec.containers[${i}].image`, 'Required value']
  }
  return undefined
}

function service(o: KubeObject): ReturnType<Check> {
  const spec = f(o).spec ?? {}
  const ports: { port?: number }[] = spec.ports ?? []
  if (spec.type !== 'ExternalName' && spec.clusterIP !== 'None' && ports.length === 0)
    return ['spec.ports', 'Required value']
  for (const [i, p] of ports.entries())
    if (!Number.isInteger(p.port) || p.port! < 1 || p.port! > 65535)
      return [
        `spec.ports[${i}].port`,
        `Invalid value: ${p.port ?? 0}: must be between 1 and 65535, inclusive`,
      ]
  return undefined
}

function rules(o: KubeObject): ReturnType<Check> {
  const list: { verbs?: string[]; apiGroups?: string[]; resources?: string[] }[] = f(o).rules ?? []
  for (const [i, r] of list.entries()) {
    if (!r.verbs?.length)
      return [`rules[${i}].verbs`, 'Required value: verbs must contain at least one value']
    if (r.resources?.length && !r.apiGroups?.length)
      return [
        `rules[${i}].apiGroups`,
        'Required value: resource rules must supply at least one api group',
      ]
  }
  return undefined
}

function binding(o: KubeObject): ReturnType<Check> {
  const ref = f(o).roleRef ?? {}
  if (!['Role', 'ClusterRole'].includes(ref.kind))
    return [
      'roleRef.kind',
      `Unsupported value: "${ref.kind ?? ''}": supported values: "ClusterRole", "Role"`,
    ]
  if (o.kind === 'ClusterRoleBinding' && ref.kind !== 'ClusterRole')
    return ['roleRef.kind', `Unsupported value: "${ref.kind}": supported values: "ClusterRole"`]
  const subjects: { kind?: string; namespace?: string }[] = f(o).subjects ?? []
  for (const [i, s] of subjects.entries())
    if (s.kind === 'ServiceAccount' && !s.namespace && o.kind === 'ClusterRoleBinding')
      return [`subjects[${i}].namespace`, 'Required value']
  return undefined
}

function podDisruptionBudget(o: KubeObject): ReturnType<Check> {
  const spec = f(o).spec ?? {}
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined)
    return ['spec', 'Invalid value: minAvailable and maxUnavailable cannot be both set']
  return undefined
}

function networkPolicy(o: KubeObject): ReturnType<Check> {
  const types: string[] = f(o).spec?.policyTypes ?? []
  const i = types.findIndex((t) => t !== 'Ingress' && t !== 'Egress')
  if (i < 0) return undefined
  return [
    `spec.policyTypes[${i}]`,
    `Unsupported value: "${types[i]}": supported values: "Egress", "Ingress"`,
  ]
}

function persistentVolumeClaim(o: KubeObject): ReturnType<Check> {
  const spec = f(o).spec ?? {}
  if (!spec.accessModes?.length)
    return ['spec.accessModes', 'Required value: at least 1 access mode is required']
  if (!spec.resources?.requests?.storage) return ['spec.resources[storage]', 'Required value']
  return undefined
}

const CHECKS: Record<string, Check[]> = {
  Deployment: [deployment],
  Service: [service],
  ConfigMap: [(o) => configKeys(o, 'data'), (o) => configKeys(o, 'binaryData')],
  Secret: [(o) => configKeys(o, 'data')],
  ClusterRole: [rules],
  Role: [rules],
  ClusterRoleBinding: [binding],
  RoleBinding: [binding],
  PodDisruptionBudget: [podDisruptionBudget],
  NetworkPolicy: [networkPolicy],
  PersistentVolumeClaim: [persistentVolumeClaim],
}

/** Throws the 422 the real server answers for an object it would not store. */
export function validate(t: ResourceType, o: KubeObject): void {
  for (const check of CHECKS[t.kind] ?? []) {
    const fault = check(o)
    if (fault) throw invalid(t, o.metadata.name ?? '', ...fault)
  }
}

const OBJECT_META = new Set([
  ...['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'generation', 'selfLink'],
  ...['creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels'],
  ...['annotations', 'ownerReferences', 'finalizers', 'managedFields'],
])
const SPEC_STATUS = ['spec', 'status']
/** The top-level fields of each built-in kind beside apiVersion, kind and metadata. */
const FIELDS: Record<string, string[]> = {
  ConfigMap: ['data', 'binaryData', 'immutable'],
  Secret: ['data', 'stringData', 'type', 'immutable'],
  ServiceAccount: ['secrets', 'imagePullSecrets', 'automountServiceAccountToken'],
  ClusterRole: ['rules', 'aggregationRule'],
  Role: ['rules'],
  ClusterRoleBinding: ['roleRef', 'subjects'],
  RoleBinding: ['roleRef', 'subjects'],
}

/**
 * `?fieldValidation=Strict` (what kubectl sends when the OpenAPI says the server validates):
 * a field a built-in kind does not have is a 400, as the server's strict decoding answers.
 * Checked at the top level and in metadata; custom resources keep unknown fields, as their
 * CRDs here preserve them.
 */
export function checkKnownFields(t: ResourceType, version: string, o: KubeObject): void {
  if (t.crd) return
  const known = new Set(['apiVersion', 'kind', 'metadata', ...(FIELDS[t.kind] ?? SPEC_STATUS)])
  const unknown =
    Object.keys(o).find((k) => !known.has(k)) ??
    Object.keys(o.metadata ?? {})
      .filter((k) => !OBJECT_META.has(k))
      .map((k) => `metadata.${k}`)[0]
  if (unknown)
    throw badRequest(
      `${t.kind} in version "${version}" cannot be handled as a ${t.kind}: strict decoding error: unknown field "${unknown}"`,
    )
}
