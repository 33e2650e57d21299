import { z } from 'zod'

export const SourceKind = z.enum(['kubernetes', 'aws'])
export type SourceKind = z.infer<typeof SourceKind>

/** ok: answered; unreachable: connection failed; forbidden: 401/403; timeout: no answer in time. */
export const SourceStatus = z.enum(['ok', 'unreachable', 'forbidden', 'timeout'])
export type SourceStatus = z.infer<typeof SourceStatus>

export const SourceRef = z.object({ id: z.string(), name: z.string(), kind: SourceKind })
export type SourceRef = z.infer<typeof SourceRef>

export const Source = SourceRef.extend({
  status: SourceStatus,
  error: z.string().optional(),
  latencyMs: z.number().nonnegative(),
  /** Where it lives: the API server URL of a context, or an AWS account/region. */
  endpoint: z.string().optional(),
  /** Since when (ISO time) what Meshpane shows of this source is its last-known state. */
  staleSince: z.string().optional(),
})
export type Source = z.infer<typeof Source>

export const SourceList = z.object({ items: z.array(Source) })

/** One server-sent `change` event: the sources whose meshes, services or status changed. */
export const SourcesChanged = z.object({ sources: z.array(z.string()) })
export type SourcesChanged = z.infer<typeof SourcesChanged>
export type SourceList = z.infer<typeof SourceList>
