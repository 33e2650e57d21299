import 'server-only'
import { NotFoundError, PreconditionFailedError } from '@/server/errors'
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
 * 422 depending on the server, the same codes as a refusal of the change itself: both are a
 * `PreconditionFailedError`, which the write pipeline tells apart by reading the object again.
 */
export async function guardedPatch<T>(
  source: SourceHandle,
  path: string,
  patch: JsonPatchOp[],
  signal: AbortSignal,
): Promise<T> {
  try {
    return await source.kube.patch<T>(path, 'json', patch, signal)
  } catch (err) {
    if (err instanceof KubeStatusError && err.code === 404) throw new NotFoundError(err.message)
    if (err instanceof KubeStatusError && (err.code === 409 || err.code === 422))
      throw new PreconditionFailedError(`${source.ref.name} refused the change: ${err.message}`)
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
