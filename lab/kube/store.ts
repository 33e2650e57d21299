// One cluster's object storage: a global resourceVersion counter, CRUD with preconditions, and a
// bounded event history so watches can resume from a resourceVersion (or get 410 when it is too old).
import { randomUUID } from 'node:crypto'
import { alreadyExists, conflict, notFound } from './status'
import { storageApiVersion, typeKey, type ResourceType } from './resources'
import { timestamp } from './time'
import type { KubeObject } from './types'

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED'
export interface StoreEvent {
  type: EventType
  rv: number
  resource: ResourceType
  object: KubeObject
  previous?: KubeObject // the object before a MODIFIED, so watches can tell selector transitions
}
type Listener = (event: StoreEvent) => void

const objectKey = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`

/** Everything outside metadata and status: a change there bumps `generation`. */
function specOf(obj: KubeObject): string {
  const rest: Partial<KubeObject> = { ...obj }
  for (const key of ['metadata', 'status', 'apiVersion', 'kind']) delete rest[key]
  return JSON.stringify(rest)
}

const withoutRv = (obj: KubeObject) =>
  JSON.stringify({ ...obj, metadata: { ...obj.metadata, resourceVersion: undefined } })

export class Store {
  private rv = 1
  private readonly objects = new Map<string, Map<string, KubeObject>>()
  private readonly history: StoreEvent[] = []
  private compactedRv = 1 // events up to this resourceVersion are no longer in the history
  private readonly listeners = new Set<Listener>()

  constructor(private readonly historyLimit = 1000) {}

  get resourceVersion(): string {
    return String(this.rv)
  }

  private bucket(t: ResourceType) {
    let b = this.objects.get(typeKey(t))
    if (!b) this.objects.set(typeKey(t), (b = new Map()))
    return b
  }

  get(t: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const obj = this.bucket(t).get(objectKey(t.namespaced ? namespace : undefined, name))
    return obj && structuredClone(obj)
  }

  mustGet(t: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const obj = this.get(t, namespace, name)
    if (!obj) throw notFound(t, name)
    return obj
  }

  /**
   * The stored object itself, not a copy: for the lab's own readers (controllers, the traffic
   * model), which must never change it nor hand it to a client.
   */
  peek(
    t: ResourceType,
    namespace: string | undefined,
    name: string,
  ): Readonly<KubeObject> | undefined {
    return this.bucket(t).get(objectKey(t.namespaced ? namespace : undefined, name))
  }

  /** The stored objects themselves, in no particular order (see peek). */
  peekAll(t: ResourceType, namespace?: string): Readonly<KubeObject>[] {
    const all = [...this.bucket(t).values()]
    return namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace)
  }

  /** Objects sorted by namespace then name, as etcd's key order gives them. */
  list(t: ResourceType, namespace?: string): KubeObject[] {
    return this.peekSorted(t, namespace).map((o) => structuredClone(o))
  }

  /**
   * The stored objects themselves in list order (see peek): for answers serialised at once and for
   * read-only evaluation, so a list of thousands of pods copies none of them.
   */
  peekSorted(t: ResourceType, namespace?: string): Readonly<KubeObject>[] {
    return [...this.bucket(t).entries()]
      .filter(([, o]) => namespace === undefined || o.metadata.namespace === namespace)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => o)
  }

  /**
   * Stores a new object; a dry run answers what would be stored and stores nothing. Writes answer
   * the stored object itself (see peek): to serialise or read, never to change.
   */
  create(t: ResourceType, input: KubeObject, dryRun = false): Readonly<KubeObject> {
    const obj = structuredClone(input)
    const name = obj.metadata.name!
    const key = objectKey(obj.metadata.namespace, name)
    if (this.bucket(t).has(key)) throw alreadyExists(t, name)
    obj.apiVersion = storageApiVersion(t)
    obj.kind = t.kind
    obj.metadata = {
      ...obj.metadata,
      uid: randomUUID(),
      creationTimestamp: timestamp(),
      generation: 1,
    }
    return this.write(t, key, obj, 'ADDED', undefined, dryRun)
  }

  /** Replaces an object; `expectedRv` (when given) must equal the stored resourceVersion. */
  update(
    t: ResourceType,
    input: KubeObject,
    expectedRv?: string,
    dryRun = false,
  ): Readonly<KubeObject> {
    const name = input.metadata.name!
    const key = objectKey(t.namespaced ? input.metadata.namespace : undefined, name)
    const current = this.bucket(t).get(key)
    if (!current) throw notFound(t, name)
    if (expectedRv !== undefined && expectedRv !== current.metadata.resourceVersion)
      throw conflict(t, name)
    const obj = structuredClone(input)
    obj.apiVersion = storageApiVersion(t)
    obj.kind = t.kind
    const generation = current.metadata.generation ?? 1
    obj.metadata = {
      ...obj.metadata,
      uid: current.metadata.uid,
      creationTimestamp: current.metadata.creationTimestamp,
      generation: specOf(obj) === specOf(current) ? generation : generation + 1,
    }
    // Like the real server, a write that changes nothing keeps the resourceVersion and emits no event.
    if (withoutRv(obj) === withoutRv(current)) return current
    return this.write(t, key, obj, 'MODIFIED', current, dryRun)
  }

  delete(
    t: ResourceType,
    namespace: string | undefined,
    name: string,
    dryRun = false,
  ): Readonly<KubeObject> {
    const key = objectKey(t.namespaced ? namespace : undefined, name)
    const current = this.bucket(t).get(key)
    if (!current) throw notFound(t, name)
    if (dryRun) return structuredClone(current)
    this.bucket(t).delete(key)
    // A copy: the stored object is shared with earlier events, which keep their resourceVersion.
    return this.write(t, key, { ...current, metadata: { ...current.metadata } }, 'DELETED')
  }

  private write(
    t: ResourceType,
    key: string,
    obj: KubeObject,
    type: EventType,
    previous?: KubeObject,
    dryRun = false,
  ): Readonly<KubeObject> {
    // As etcd3's dry run: a new object has no resourceVersion yet, a changed one keeps its own.
    if (dryRun) {
      const answer = structuredClone(obj)
      if (previous) answer.metadata.resourceVersion = previous.metadata.resourceVersion
      else delete answer.metadata.resourceVersion
      return answer
    }
    this.rv += 1
    obj.metadata.resourceVersion = String(this.rv)
    if (type !== 'DELETED') this.bucket(t).set(key, obj)
    // Stored objects are replaced, never changed in place, so events share them with the buckets.
    const event: StoreEvent = { type, rv: this.rv, resource: t, object: obj, previous }
    this.history.push(event)
    while (this.history.length > this.historyLimit) this.compactedRv = this.history.shift()!.rv
    for (const listener of this.listeners) listener(event)
    return obj
  }

  /** Events after `rv`, or 'expired' when some of them have been compacted away. */
  eventsSince(rv: number): StoreEvent[] | 'expired' {
    if (rv < this.compactedRv) return 'expired'
    return this.history.filter((e) => e.rv > rv)
  }

  /** The oldest resourceVersion a watch or continue token can still resume from. */
  get oldestResumable(): number {
    return this.compactedRv
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
