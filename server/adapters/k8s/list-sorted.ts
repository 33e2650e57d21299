import 'server-only'
import type { z } from 'zod'
import { sortOut, type Sorted } from '@/server/adapters/problems'
import type { SourceHandle } from '@/server/sources/source'
import { listIfServed } from './guarded-patch'
import { refOfListed } from './objects'

/** The objects of a kind at `path` (none where it is not served), sorted by whether they fit `schema`. */
export async function listSorted<T>(
  source: SourceHandle,
  path: string,
  schema: z.ZodType<T>,
  signal: AbortSignal,
): Promise<Sorted<T>> {
  return sortOut(schema, await listIfServed<unknown>(source, path, signal), refOfListed)
}
