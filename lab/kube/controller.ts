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

type Obj = Readonly<KubeObject>

/** Objects of a kind by the uid of their controlling owner, read in one pass. */
function byOwner(store: Store, t: ResourceType): Map<string, Obj[]> {
  const index = new Map<string, Obj[]>()
  for (const o of store.peekAll(t))
    for (const ref of o.metadata.ownerReferences ?? []) {
      const list = index.get(ref.uid)
      if (list) list.push(o)
      else index.set(ref.uid, [o])
    }
  return index
}

const byName = (a: Obj, b: Obj) =>
  a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0

interface Template {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }
  spec?: Record<string, unknown>
}

function setStatus(store: Store, t: ResourceType, obj: Obj, status: Record<string, unknown>) {
  if (JSON.stringify(obj.status ?? {}) === JSON.stringify(status)) return
  store.update(t, { ...obj, status })
}

function reconcileDeployment(store: Store, d: Obj, owned: Obj[]) {
  const spec = d.spec as {
    replicas?: number
    template?: Template
    selector?: { matchLabels?: Record<string, string> }
  }
  const hash = hashName(JSON.stringify(spec.template ?? {}), 10)
  const name = `${d.metadata.name}-${hash}`
  const ns = d.metadata.namespace
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
  const current = store.peek(REPLICA_SET, ns, name)
  if (!current) store.create(REPLICA_SET, desired)
  else if (JSON.stringify(current.spec) !== JSON.stringify(desired.spec))
    store.update(REPLICA_SET, { ...current, spec: desired.spec })
}

function reconcileReplicaSet(store: Store, rs: Obj, owned: Obj[]) {
  const ns = rs.metadata.namespace
  const spec = rs.spec as { replicas: number; template: Template }
  const pods = [...owned].sort(byName)
  for (const extra of pods.slice(spec.replicas)) store.delete(POD, ns, extra.metadata.name!)
  const ready = spec.template.metadata?.annotations?.[READY_ANNOTATION] !== 'false'
  for (let i = 0, made = pods.length; made < spec.replicas; i++) {
    const name = `${rs.metadata.name}-${hashName(`${rs.metadata.uid}/${i}`, 5)}`
    if (store.peek(POD, ns, name)) continue
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

function podCounts(pods: Obj[]) {
  const ready = pods.filter((p) =>
    (p.status?.conditions as { type: string; status: string }[] | undefined)?.some(
      (c) => c.type === 'Ready' && c.status === 'True',
    ),
  ).length
  return { replicas: pods.length, ready }
}

/**
 * Brings ReplicaSets, pods and status fields in line with the Deployments, in one pass. Each step
 * reads the stored objects through owner indexes (not copies, not scans per owner): a cluster of
 * thousands of pods reconciles in linear time.
 */
export function reconcile(store: Store) {
  const deployments = store.peekAll(DEPLOYMENT)
  let sets = byOwner(store, REPLICA_SET)
  for (const d of deployments) reconcileDeployment(store, d, sets.get(d.metadata.uid!) ?? [])
  const owners = new Set(
    [...store.peekAll(DEPLOYMENT), ...store.peekAll(REPLICA_SET)].map((o) => o.metadata.uid),
  )
  const orphan = (o: Obj) =>
    o.metadata.ownerReferences?.some((r) => r.controller && !owners.has(r.uid))
  let pods = byOwner(store, POD)
  for (const rs of store.peekAll(REPLICA_SET)) {
    if (orphan(rs)) store.delete(REPLICA_SET, rs.metadata.namespace, rs.metadata.name!)
    else reconcileReplicaSet(store, rs, pods.get(rs.metadata.uid!) ?? [])
  }
  for (const p of store.peekAll(POD).filter(orphan))
    store.delete(POD, p.metadata.namespace, p.metadata.name!)
  pods = byOwner(store, POD)
  for (const rs of store.peekAll(REPLICA_SET)) {
    const { replicas, ready } = podCounts(pods.get(rs.metadata.uid!) ?? [])
    setStatus(store, REPLICA_SET, rs, {
      replicas,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: rs.metadata.generation,
    })
  }
  sets = byOwner(store, REPLICA_SET)
  for (const d of store.peekAll(DEPLOYMENT)) {
    const owned = (sets.get(d.metadata.uid!) ?? []).flatMap(
      (rs) => pods.get(rs.metadata.uid!) ?? [],
    )
    const { replicas, ready } = podCounts(owned)
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
