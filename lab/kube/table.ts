// Server-side printing (`Accept: ...;as=Table;g=meta.k8s.io;v=v1`), as kubectl get asks for it:
// the columns kube-apiserver prints for built-in kinds, and the CRDs' printer columns for Istio.
import type { KubeObject } from './types'

type Cell = string | number
interface Column {
  name: string
  type?: string
  priority?: number
  cell(o: KubeObject): Cell
}

export const wantsTable = (accept: string | undefined) => /;\s*as=Table/.test(accept ?? '')

/** Go's duration.HumanDuration, as kubectl's AGE column shows it. */
export function humanAge(since: string | undefined, now = Date.now()): string {
  if (!since) return '<unknown>'
  const s = Math.max(0, Math.floor((now - Date.parse(since)) / 1000))
  const m = Math.floor(s / 60)
  const h = Math.floor(m / 60)
  const d = Math.floor(h / 24)
  if (s < 120) return `${s}s`
  if (m < 10) return s % 60 ? `${m}m${s % 60}s` : `${m}m`
  if (m < 180) return `${m}m`
  if (h < 8) return m % 60 ? `${h}h${m % 60}m` : `${h}h`
  if (h < 48) return `${h}h`
  if (h < 192) return h % 24 ? `${d}d${h % 24}h` : `${d}d`
  return `${d}d`
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- printers read arbitrary object fields
const f = (o: KubeObject): any => o
const NAME: Column = { name: 'Name', cell: (o) => o.metadata.name ?? '' }
const AGE: Column = { name: 'Age', cell: (o) => humanAge(o.metadata.creationTimestamp) }
const readyCount = (o: KubeObject) => {
  const conditions: { type: string; status: string }[] = f(o).status?.conditions ?? []
  const containers = f(o).spec?.containers?.length ?? 1
  const ready = conditions.some((c) => c.type === 'Ready' && c.status === 'True')
  return `${ready ? containers : 0}/${containers}`
}
const ports = (o: KubeObject) =>
  (f(o).spec?.ports ?? [])
    .map((p: { port: number; protocol?: string }) => `${p.port}/${p.protocol ?? 'TCP'}`)
    .join(',') || '<none>'
const list = (v: unknown) => (Array.isArray(v) && v.length ? JSON.stringify(v) : '')
const CREATED_AT: Column = {
  name: 'Created At',
  type: 'date',
  cell: (o) => o.metadata.creationTimestamp ?? '',
}
const subjects = (kind: string) => (o: KubeObject) =>
  (f(o).subjects ?? [])
    .filter((s: { kind: string }) => s.kind === kind)
    .map((s: { name: string; namespace?: string }) =>
      s.namespace ? `${s.namespace}/${s.name}` : s.name,
    )
    .join(', ')
const BINDING: Column[] = [
  NAME,
  { name: 'Role', cell: (o) => `${f(o).roleRef?.kind}/${f(o).roleRef?.name}` },
  AGE,
  { name: 'Users', priority: 1, cell: subjects('User') },
  { name: 'Groups', priority: 1, cell: subjects('Group') },
  { name: 'ServiceAccounts', priority: 1, cell: subjects('ServiceAccount') },
]

const COLUMNS: Record<string, Column[]> = {
  Pod: [
    NAME,
    { name: 'Ready', cell: readyCount },
    { name: 'Status', cell: (o) => f(o).status?.phase ?? 'Pending' },
    { name: 'Restarts', type: 'integer', cell: () => 0 },
    AGE,
    { name: 'IP', priority: 1, cell: (o) => f(o).status?.podIP ?? '<none>' },
    { name: 'Node', priority: 1, cell: (o) => f(o).spec?.nodeName ?? '<none>' },
  ],
  Service: [
    NAME,
    { name: 'Type', cell: (o) => f(o).spec?.type ?? 'ClusterIP' },
    { name: 'Cluster-IP', cell: (o) => f(o).spec?.clusterIP ?? '<none>' },
    { name: 'External-IP', cell: () => '<none>' },
    { name: 'Port(s)', cell: ports },
    AGE,
  ],
  Deployment: [
    NAME,
    {
      name: 'Ready',
      cell: (o) => `${f(o).status?.readyReplicas ?? 0}/${f(o).spec?.replicas ?? 0}`,
    },
    { name: 'Up-to-date', type: 'integer', cell: (o) => f(o).status?.updatedReplicas ?? 0 },
    { name: 'Available', type: 'integer', cell: (o) => f(o).status?.availableReplicas ?? 0 },
    AGE,
  ],
  ReplicaSet: [
    NAME,
    { name: 'Desired', type: 'integer', cell: (o) => f(o).spec?.replicas ?? 0 },
    { name: 'Current', type: 'integer', cell: (o) => f(o).status?.replicas ?? 0 },
    { name: 'Ready', type: 'integer', cell: (o) => f(o).status?.readyReplicas ?? 0 },
    AGE,
  ],
  Namespace: [NAME, { name: 'Status', cell: (o) => f(o).status?.phase ?? 'Active' }, AGE],
  VirtualService: [
    NAME,
    { name: 'Gateways', cell: (o) => list(f(o).spec?.gateways) },
    { name: 'Hosts', cell: (o) => list(f(o).spec?.hosts) },
    AGE,
  ],
  DestinationRule: [NAME, { name: 'Host', cell: (o) => f(o).spec?.host ?? '' }, AGE],
  Role: [NAME, CREATED_AT],
  ClusterRole: [NAME, CREATED_AT],
  RoleBinding: BINDING,
  ClusterRoleBinding: BINDING,
}

function rowObject(o: KubeObject, include: string | null) {
  if (include === 'None') return undefined
  if (include === 'Object') return o
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata }
}

/** A meta.k8s.io/v1 Table of the objects (already presented at the requested version). */
export function toTable(
  kind: string,
  objects: KubeObject[],
  metadata: object,
  includeObject: string | null,
) {
  const columns = COLUMNS[kind] ?? [NAME, AGE]
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: columns.map((c) => ({
      name: c.name,
      type: c.type ?? 'string',
      format: c === NAME ? 'name' : '',
      description: '',
      priority: c.priority ?? 0,
    })),
    rows: objects.map((o) => ({
      cells: columns.map((c) => c.cell(o)),
      object: rowObject(o, includeObject),
    })),
  }
}
