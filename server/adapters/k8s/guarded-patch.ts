import 'server-only'
import type { TrafficSplit } from '@/lib/schemas'
import { ConflictError, NotFoundError, UnprocessableError } from '@/server/errors'
import { KubeStatusError } from '@/server/sources/kube-errors'
import type { SourceHandle } from '@/server/sources/source'

export type JsonPatchOp = {
  op: 'test' | 'replace' | 'add' | 'remove'
  path: string
  value?: unknown
}

/** The precondition every write carries: the object is still at the revision the client read. */
export const revisionTest = (revision: string): JsonPatchOp => ({
  op: 'test',
  path: '/metadata/resourceVersion',
  value: revision,
})

/**
 * Sends a JSON Patch whose first op tests the resourceVersion. A failed test comes back as 409 or
 * 422 depending on the server, so the object is re-read to tell a conflict (it moved: the fresh
 * split travels with the ConflictError) from a refusal of the change itself.
 */
export async function guardedPatch<T>(
  source: SourceHandle,
  path: string,
  patch: JsonPatchOp[],
  revision: string,
  reread: () => Promise<TrafficSplit>,
  signal: AbortSignal,
): Promise<T> {
  try {
    return await source.kube.patch<T>(path, 'json', patch, signal)
  } catch (err) {
    if (err instanceof KubeStatusError && err.code === 404) throw new NotFoundError(err.message)
    if (err instanceof KubeStatusError && (err.code === 409 || err.code === 422)) {
      const fresh = await reread()
      if (fresh.revision !== revision) throw new ConflictError(fresh)
      throw new UnprocessableError(`${source.ref.name} refused the change: ${err.message}`)
    }
    throw err
  }
}

/** A GET that turns 404 into NotFoundError naming what was missing. */
export async function getObject<T>(
  source: SourceHandle,
  path: string,
  what: string,
  signal: AbortSignal,
): Promise<T> {
  try {
    return await source.kube.get<T>(path, signal)
  } catch (err) {
    if (err instanceof KubeStatusError && err.code === 404)
      throw new NotFoundError(`${what} not found in ${source.ref.name}`)
    throw err
  }
}

/** A list that answers [] when the API (a CRD) is not installed in this cluster. */
export async function listIfServed<T>(
  source: SourceHandle,
  path: string,
  signal: AbortSignal,
): Promise<T[]> {
  try {
    return await source.kube.list<T>(path, signal)
  } catch (err) {
    if (err instanceof KubeStatusError && err.code === 404) return []
    throw err
  }
}

/** The preferred version of an API group, or null when the cluster does not serve it. */
export async function preferredVersion(
  source: SourceHandle,
  group: string,
  signal: AbortSignal,
): Promise<string | null> {
  try {
    const g = await source.kube.get<{ preferredVersion?: { version: string } }>(
      `/apis/${group}`,
      signal,
    )
    return g.preferredVersion?.version ?? null
  } catch (err) {
    if (err instanceof KubeStatusError && err.code === 404) return null
    throw err
  }
}
