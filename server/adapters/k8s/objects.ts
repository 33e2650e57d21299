import 'server-only'
import { z } from 'zod'
import type { ObjectRef } from '@/lib/schemas'

/**
 * The slices of Kubernetes' built-in wire objects the mesh adapters read. Schemas are loose (real
 * objects carry many fields Meshpane does not read, kept as they are) and strict about the fields
 * read.
 */

export const OwnerReference = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  controller: z.boolean().optional(),
})
export type OwnerReference = z.infer<typeof OwnerReference>

export const ManagedFieldsEntry = z.looseObject({
  manager: z.string().optional(),
  operation: z.string().optional(),
  time: z.string().optional(),
})
export type ManagedFieldsEntry = z.infer<typeof ManagedFieldsEntry>

const StringMap = z.record(z.string(), z.string())

export const ObjectMeta = z.looseObject({
  name: z.string().min(1),
  namespace: z.string().optional(),
  resourceVersion: z.string().optional(),
  creationTimestamp: z.string().optional(),
  labels: StringMap.optional(),
  annotations: StringMap.optional(),
  ownerReferences: z.array(OwnerReference).optional(),
  managedFields: z.array(ManagedFieldsEntry).optional(),
})
export type ObjectMeta = z.infer<typeof ObjectMeta>

export type KubeObject = { apiVersion: string; kind: string; metadata: ObjectMeta }

/** The schema of a custom resource of `kind` whose `spec` Meshpane reads. */
export const customResource = <K extends string, S extends z.ZodType>(kind: K, spec: S) =>
  z.looseObject({ apiVersion: z.string(), kind: z.literal(kind), metadata: ObjectMeta, spec })

/** How any listed object is named, whatever its shape (problems name objects that do not fit). */
const Named = z.looseObject({
  apiVersion: z.string().catch(''),
  kind: z.string().catch(''),
  metadata: z
    .looseObject({
      name: z.string().catch('(unnamed)'),
      namespace: z.string().optional().catch(undefined),
    })
    .catch({ name: '(unnamed)' }),
})

export function refOfListed(raw: unknown): ObjectRef {
  const { apiVersion, kind, metadata } = Named.catch({
    apiVersion: '',
    kind: '',
    metadata: { name: '(unnamed)' },
  }).parse(raw)
  return {
    kind,
    apiVersion,
    ...(metadata.namespace !== undefined && { namespace: metadata.namespace }),
    name: metadata.name,
  }
}

export type KubeService = {
  metadata: ObjectMeta
  spec?: { selector?: Record<string, string>; ports?: { port: number }[] }
}

export type Pod = {
  metadata: ObjectMeta
  status?: { phase?: string; conditions?: { type: string; status: string }[] }
}

export type Workload = {
  metadata: ObjectMeta
  spec?: { template?: { spec?: { containers?: { image?: string; args?: string[] }[] } } }
}
