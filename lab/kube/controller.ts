// A tiny stand-in for the deployment and replica-set controllers and the kubelet: Deployments get a
// ReplicaSet per pod template and Running pods. The pod template annotation `lab.meshpane.dev/ready:
// "false"` makes its pods not ready (how a scenario declares a broken version).
import { createHash } from 'node:crypto'
import { readyPodStatus } from './defaults'
import { RESOURCE_TYPES, storageApiVersion, type ResourceType } from './resources'
import type { Store } from './store'
import type { KubeObject, OwnerReference } from './types'

export const READY_ANNOTATION = 'lab.meshpane.dev/ready'

const type = (kind: string) => RESOURCE_TYPES.find((t) => t.kind === kind)!
const DEPLOYMENT = type('Deployment')
const REPLICA_SET = type('ReplicaSet')
const POD = type('Pod')
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'

function hashName(input: string, length: number) {
  const bytes = createHash('sha256').update(input).digest()
  return [...bytes.subarray(0, length)].map((b) => ALPHABET[b % ALPHABET.length]).join('')
}

const ownerRef = (t: ResourceType, o: KubeObject): OwnerReference => ({
  apiVersion: storageApiVersion(t),
  kind: t.kind,
  name: o.metadata.name!,
  uid: o.metadata.uid!,
  controller: true,
})

const ownedBy = (owner: KubeObject) => (o: KubeObject) =>
  o.metadata.ownerReferences?.some((ref) => ref.uid === owner.metadata.uid) ?? false

interface Template {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }
  spec?: Record<string, unknown>
}

function setStatus(
  store: Store,
  t: ResourceType,
  obj: KubeObject,
  status: Record<string, unknown>,
) {
  if (JSON.stringify(obj.status ?? {}) === JSON.stringify(status)) return
  store.update(t, { ...obj, status })
}

function reconcileDeployment(store: Store, d: KubeObject) {
  const spec = d.spec as {
    replicas?: number
    template?: Template
    selector?: { matchLabels?: Record<string, string> }
  }
  const hash = hashName(JSON.stringify(spec.template ?? {}), 10)
  const name = `${d.metadata.name}-${hash}`
  const ns = d.metadata.namespace
  const owned = store.list(REPLICA_SET, ns).filter(ownedBy(d))
  // Rollouts are instant in the lab: the old ReplicaSets go as soon as the template changes.
  for (const rs of owned)
    if (rs.metadata.name !== name) store.delete(REPLICA_SET, ns, rs.metadata.name!)
  const labels = { ...spec.template?.metadata?.labels, 'pod-template-hash': hash }
  const desired: KubeObject = {
    metadata: { name, namespace: ns, labels, ownerReferences: [ownerRef(DEPLOYMENT, d)] },
    spec: {
      replicas: spec.replicas ?? 1,
      selector: { matchLabels: { ...spec.selector?.matchLabels, 'pod-template-hash': hash } },
      template: { ...spec.template, metadata: { ...spec.template?.metadata, labels } },
    },
  }
  const current = store.get(REPLICA_SET, ns, name)
  if (!current) store.create(REPLICA_SET, desired)
  else if (JSON.stringify(current.spec) !== JSON.stringify(desired.spec))
    store.update(REPLICA_SET, { ...current, spec: desired.spec })
}

function reconcileReplicaSet(store: Store, rs: KubeObject) {
  const ns = rs.metadata.namespace
  const spec = rs.spec as { replicas: number; template: Template }
  const pods = store.list(POD, ns).filter(ownedBy(rs))
  for (const extra of pods.slice(spec.replicas)) store.delete(POD, ns, extra.metadata.name!)
  const ready = spec.template.metadata?.annotations?.[READY_ANNOTATION] !== 'false'
  for (let i = 0, made = pods.length; made < spec.replicas; i++) {
    const name = `${rs.metadata.name}-${hashName(`${rs.metadata.uid}/${i}`, 5)}`
    if (store.get(POD, ns, name)) continue
    store.create(POD, {
      metadata: {
        name,
        namespace: ns,
        labels: spec.template.metadata?.labels,
        annotations: spec.template.metadata?.annotations,
        ownerReferences: [ownerRef(REPLICA_SET, rs)],
      },
      spec: { nodeName: 'lab-node', ...spec.template.spec },
      status: readyPodStatus(ready),
    })
    made++
  }
}

function podCounts(store: Store, owner: KubeObject, rsList: KubeObject[]) {
  const pods = store
    .list(POD, owner.metadata.namespace)
    .filter((p) => rsList.some((rs) => ownedBy(rs)(p)))
  const ready = pods.filter((p) =>
    (p.status?.conditions as { type: string; status: string }[] | undefined)?.some(
      (c) => c.type === 'Ready' && c.status === 'True',
    ),
  ).length
  return { replicas: pods.length, ready }
}

/** Brings ReplicaSets, pods and status fields in line with the Deployments, in one pass. */
export function reconcile(store: Store) {
  const deployments = store.list(DEPLOYMENT)
  for (const d of deployments) reconcileDeployment(store, d)
  const owners = new Set([...deployments, ...store.list(REPLICA_SET)].map((o) => o.metadata.uid))
  const orphan = (o: KubeObject) =>
    o.metadata.ownerReferences?.some((r) => r.controller && !owners.has(r.uid))
  for (const rs of store.list(REPLICA_SET)) {
    if (orphan(rs)) store.delete(REPLICA_SET, rs.metadata.namespace, rs.metadata.name!)
    else reconcileReplicaSet(store, rs)
  }
  for (const p of store.list(POD).filter(orphan))
    store.delete(POD, p.metadata.namespace, p.metadata.name!)
  for (const rs of store.list(REPLICA_SET)) {
    const { replicas, ready } = podCounts(store, rs, [rs])
    setStatus(store, REPLICA_SET, rs, {
      replicas,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: rs.metadata.generation,
    })
  }
  for (const d of store.list(DEPLOYMENT)) {
    const { replicas, ready } = podCounts(
      store,
      d,
      store.list(REPLICA_SET, d.metadata.namespace).filter(ownedBy(d)),
    )
    setStatus(store, DEPLOYMENT, d, {
      observedGeneration: d.metadata.generation,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: ready,
      availableReplicas: ready,
      unavailableReplicas: replicas - ready,
      conditions: [
        {
          type: 'Available',
          status: ready > 0 ? 'True' : 'False',
          reason: 'MinimumReplicasAvailable',
        },
      ],
    })
  }
}

/** Reconciles now and after every change to a workload kind; returns the stop function. */
export function runController(store: Store): () => void {
  reconcile(store)
  let pending = false
  const kinds = new Set([DEPLOYMENT, REPLICA_SET, POD])
  return store.subscribe((e) => {
    if (pending || !kinds.has(e.resource)) return
    pending = true
    setImmediate(() => {
      pending = false
      reconcile(store)
    })
  })
}
