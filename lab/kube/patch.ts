// PATCH bodies: RFC 6902 JSON Patch (with `test`), RFC 7386 merge patch, and strategic merge patch,
// which only built-in types accept (the lab applies it as a merge patch; custom resources get 415).
import { applyPatch as applyJsonPatch, type Operation } from 'fast-json-patch'
import { parse as parseYaml } from 'yaml'
import { badRequest, KubeError, unsupportedMediaType } from './status'
import type { KubeObject } from './types'

type Json = unknown

function mergePatch(target: Json, patch: Json): Json {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch
  const result: Record<string, Json> =
    target !== null && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, Json>) }
      : {}
  for (const [key, value] of Object.entries(patch as Record<string, Json>)) {
    if (value === null) delete result[key]
    else result[key] = mergePatch(result[key], value)
  }
  return result
}

/** A PATCH body: JSON, or YAML for server-side apply; undecodable is 400 BadRequest. */
export function parsePatchBody(body: string, yaml = false): Json {
  try {
    return yaml ? parseYaml(body) : JSON.parse(body)
  } catch (e) {
    throw badRequest(`error decoding patch: ${(e as Error).message}`)
  }
}

/** Applies a PATCH body of the given content type to `current`; the caller stores the result. */
export function applyPatch(
  current: KubeObject,
  contentType: string,
  body: string,
  custom: boolean,
): KubeObject {
  const mediaType = contentType.split(';')[0]!.trim()
  switch (mediaType) {
    case 'application/json-patch+json': {
      const ops = parsePatchBody(body)
      if (!Array.isArray(ops))
        throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch')
      try {
        return applyJsonPatch(structuredClone(current), ops as Operation[], true, false).newDocument
      } catch (e) {
        const err = e as Error & { name?: string; operation?: Operation }
        const message =
          err.name === 'TEST_OPERATION_FAILED'
            ? `testing value ${err.operation?.path} failed: test failed`
            : err.message.split('\n')[0]!
        throw new KubeError(422, 'Invalid', message)
      }
    }
    case 'application/merge-patch+json':
      return mergePatch(current, parsePatchBody(body)) as KubeObject
    // Server-side apply is approximated by a merge (no field ownership in the lab).
    case 'application/apply-patch+yaml':
      return mergePatch(current, parsePatchBody(body, true)) as KubeObject
    case 'application/strategic-merge-patch+json':
      if (custom) throw unsupportedMediaType(mediaType)
      return mergePatch(current, parsePatchBody(body)) as KubeObject
    default:
      throw unsupportedMediaType(mediaType)
  }
}
