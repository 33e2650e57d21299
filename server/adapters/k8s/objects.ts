import 'server-only'

/** The slices of Kubernetes' built-in wire objects the mesh adapters read. */

export type OwnerReference = {
  apiVersion: string
  kind: string
  name: string
  controller?: boolean
}
export type ManagedFieldsEntry = { manager?: string; operation?: string; time?: string }

export type ObjectMeta = {
  name: string
  namespace?: string
  resourceVersion?: string
  creationTimestamp?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  ownerReferences?: OwnerReference[]
  managedFields?: ManagedFieldsEntry[]
}

export type KubeObject = { apiVersion: string; kind: string; metadata: ObjectMeta }

export type KubeService = { metadata: ObjectMeta; spec?: { selector?: Record<string, string> } }

export type Pod = {
  metadata: ObjectMeta
  status?: { phase?: string; conditions?: { type: string; status: string }[] }
}

export type Workload = {
  metadata: ObjectMeta
  spec?: { template?: { spec?: { containers?: { image?: string; args?: string[] }[] } } }
}

/** `namespace/name`, the way kubectl and operators name namespaced objects. */
export const qualified = (m: ObjectMeta) => `${m.namespace ?? 'default'}/${m.name}`
