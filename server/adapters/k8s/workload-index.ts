import 'server-only'
import type { KubeService, ObjectMeta, Pod } from './objects'

type Labels = Record<string, string> | undefined

/** Namespaced objects have their namespace; one listed without is taken to be in `default`. */
export const namespaceOf = (o: { metadata: ObjectMeta }) => o.metadata.namespace ?? 'default'

const keyOf = (...parts: string[]) => parts.join('\0')

/**
 * Objects of a listing found by namespace/name and by label `key=value` (a pod's labels, a
 * Service's selector), built once per listing so that a lookup per service costs what it returns
 * rather than a scan of the whole list. Answers keep the list's order.
 */
export class LabelIndex<T extends { metadata: ObjectMeta }> {
  private readonly named = new Map<string, T>()
  private readonly labelled = new Map<string, T[]>()

  constructor(
    items: readonly T[],
    private readonly labelsOf: (item: T) => Labels,
  ) {
    for (const item of items) {
      const namespace = namespaceOf(item)
      const name = keyOf(namespace, item.metadata.name)
      // The first of a name, as a find() over the list would answer.
      if (!this.named.has(name)) this.named.set(name, item)
      for (const [label, value] of Object.entries(labelsOf(item) ?? {})) {
        const key = keyOf(namespace, label, value)
        const bucket = this.labelled.get(key)
        if (bucket) bucket.push(item)
        else this.labelled.set(key, [item])
      }
    }
  }

  get(namespace: string, name: string): T | undefined {
    return this.named.get(keyOf(namespace, name))
  }

  /**
   * The objects of `namespace` whose labels hold every entry of `selector`. An empty selector
   * selects nothing here (Kubernetes would take the whole namespace).
   */
  matching(namespace: string, selector: Labels): T[] {
    const entries = Object.entries(selector ?? {})
    let smallest: T[] | undefined
    for (const [label, value] of entries) {
      const bucket = this.labelled.get(keyOf(namespace, label, value))
      if (!bucket) return []
      if (!smallest || bucket.length < smallest.length) smallest = bucket
    }
    if (!smallest) return []
    return smallest.filter((item) => entries.every(([k, v]) => this.labelsOf(item)?.[k] === v))
  }
}

/** The Services (by their selector) and Pods (by their labels) of one source, indexed once per listing. */
export type Workloads = { services: LabelIndex<KubeService>; pods: LabelIndex<Pod> }

export const servicesBySelector = (services: readonly KubeService[]) =>
  new LabelIndex(services, (s) => s.spec?.selector)

export const indexWorkloads = (
  services: readonly KubeService[],
  pods: readonly Pod[],
): Workloads => ({
  services: servicesBySelector(services),
  pods: new LabelIndex(pods, (p) => p.metadata.labels),
})
