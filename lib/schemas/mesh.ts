import { z } from 'zod'
import { SourceRef } from './source'

export const MeshKind = z.enum(['istio', 'linkerd', 'gateway-api', 'smi', 'consul', 'appmesh'])
export type MeshKind = z.infer<typeof MeshKind>

export const MtlsMode = z.enum(['strict', 'permissive', 'off', 'unknown'])
export type MtlsMode = z.infer<typeof MtlsMode>

export const Mesh = z.object({
  id: z.string(),
  kind: MeshKind,
  name: z.string(),
  version: z.string(),
  source: SourceRef,
  mtls: MtlsMode.default('unknown'),
  /** Where the control plane runs (Kubernetes namespace), when there is one. */
  controlPlaneNamespace: z.string().optional(),
  /** Istio revision (istio.io/rev) and similar control-plane revisions. */
  revision: z.string().optional(),
  /** Set when the mesh's API is archived or deprecated (SMI): shown as a warning. */
  deprecated: z.string().optional(),
  /** AWS App Mesh: where the mesh lives and who owns it (shared: owned by another account, via AWS RAM). */
  aws: z
    .object({
      region: z.string(),
      /** The account the source's credentials act in, when known. */
      accountId: z.string().optional(),
      meshOwner: z.string(),
      shared: z.boolean(),
      arn: z.string(),
      /** The day AWS ends support for App Mesh (ECS Service Connect and VPC Lattice replace it). */
      endOfSupport: z.string(),
    })
    .optional(),
})
export type Mesh = z.infer<typeof Mesh>

/** A source that failed while listing meshes: the rest of the answer still stands. */
export const SourceError = z.object({
  sourceId: z.string(),
  sourceName: z.string(),
  message: z.string(),
})
export type SourceError = z.infer<typeof SourceError>

export const MeshList = z.object({ items: z.array(Mesh), errors: z.array(SourceError) })
export type MeshList = z.infer<typeof MeshList>
