// managedFields as the API server keeps them, approximately (lab/README.md says how): which field
// manager set which fields of an object, by operation (Update, Apply) and API version.
import { timestamp } from './time'
import type { KubeObject } from './types'

/** FieldsV1: `{"f:spec":{"f:http":{}}}`; a leaf `{}` is a field set as a whole (lists are atomic). */
type Fields = { [key: string]: Fields }

interface ManagedFieldsEntry {
  manager: string
  operation: 'Apply' | 'Update'
  apiVersion: string
  time?: string
  fieldsType: 'FieldsV1'
  fieldsV1?: Fields
  subresource?: string
}

export interface FieldWrite {
  manager: string
  operation: 'Apply' | 'Update'
  apiVersion: string
  subresource?: string
  /** A server-side apply's configuration: the applier owns exactly its fields. */
  applied?: unknown
}

const TYPE = new Set(['apiVersion', 'kind'])
const BOOKKEEPING = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
])
const NOT_PRINTABLE = /[^\p{L}\p{M}\p{N}\p{P}\p{S} ]/gu

/** The manager of a write as kube-apiserver names it: `fieldManager`, else the User-Agent up to '/'. */
export function fieldManagerOf(query: URLSearchParams, userAgent = ''): string {
  return (
    query.get('fieldManager') || userAgent.split('/')[0]!.replace(NOT_PRINTABLE, '').slice(0, 128)
  )
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const isEmpty = (f: object) => Object.keys(f).length === 0

const without = (obj: unknown, keys: Set<string>) =>
  Object.fromEntries(Object.entries(isMap(obj) ? obj : {}).filter(([k]) => !keys.has(k)))

/** An object's own fields: no type, no server bookkeeping. */
function content(obj: unknown): Record<string, unknown> {
  const own = without(obj, TYPE)
  const metadata = without(own.metadata, BOOKKEEPING)
  if (isEmpty(metadata)) delete own.metadata
  else own.metadata = metadata
  return own
}

/** The fields a write through `subresource` can set: status through /status only. */
function writable(obj: unknown, subresource?: string): Record<string, unknown> {
  const { status, ...rest } = content(obj)
  if (subresource !== 'status') return rest
  return status === undefined ? {} : { status }
}

/** The fields `after` sets that `before` did not, or set to another value; undefined for none. */
function changed(before: unknown, after: unknown): Fields | undefined {
  if (!isMap(after)) return JSON.stringify(before) === JSON.stringify(after) ? undefined : {}
  const fields: Fields = {}
  for (const [key, value] of Object.entries(after)) {
    const sub = changed(isMap(before) ? before[key] : undefined, value)
    if (sub) fields[`f:${key}`] = sub
  }
  if (!isEmpty(fields)) return fields
  return isMap(before) ? undefined : {} // a new empty map is itself a field
}

function union(a: Fields, b: Fields): Fields {
  const out = { ...a }
  for (const [k, v] of Object.entries(b)) out[k] = out[k] ? union(out[k], v) : v
  return out
}

/** `a` without what `b` took: a field `b` set whole takes everything under it. */
function subtract(a: Fields, b: Fields): Fields {
  const out: Fields = {}
  for (const [k, v] of Object.entries(a)) {
    const taken = b[k]
    if (taken && isEmpty(taken)) continue
    // A field owned whole stays when another sets only parts of it.
    const rest = taken && !isEmpty(v) ? subtract(v, taken) : v
    if (isEmpty(v) || !isEmpty(rest)) out[k] = rest
  }
  return out
}

/** `fields` less those `obj` no longer has (fields under a list, or not `f:`, are left alone). */
function prune(fields: Fields, obj: unknown): Fields {
  if (!isMap(obj)) return fields
  const out: Fields = {}
  for (const [k, v] of Object.entries(fields)) {
    if (k.startsWith('f:') && !(k.slice(2) in obj)) continue
    const rest = k.startsWith('f:') && !isEmpty(v) ? prune(v, obj[k.slice(2)]) : v
    if (isEmpty(v) || !isEmpty(rest)) out[k] = rest
  }
  return out
}

/** One entry per manager, operation and subresource, and per API version for updates. */
const sameWriter = (e: ManagedFieldsEntry, w: FieldWrite) =>
  e.manager === w.manager &&
  e.operation === w.operation &&
  e.subresource === w.subresource &&
  (w.operation === 'Apply' || e.apiVersion === w.apiVersion)

const order = (a: ManagedFieldsEntry, b: ManagedFieldsEntry) =>
  a.operation.localeCompare(b.operation) ||
  (a.time ?? '').localeCompare(b.time ?? '') ||
  a.manager.localeCompare(b.manager)

const withoutTimes = (entries: ManagedFieldsEntry[]) =>
  entries
    .map((e) => JSON.stringify({ ...e, time: undefined }))
    .sort()
    .join()

/**
 * Records `write` in `after`'s managedFields (in place), as the API server does: the writer owns the
 * fields it changed (an applier, those it applied), which other managers lose; fields the object no
 * longer has are nobody's; managers left owning nothing go. managedFields the write itself sets
 * replace the stored ones; a write that changes no field leaves them and their times as they were.
 */
export function recordFields(
  before: KubeObject | undefined,
  after: KubeObject,
  write: FieldWrite,
): void {
  const given = after.metadata.managedFields
  const base = (
    Array.isArray(given) && given.length ? given : (before?.metadata.managedFields ?? [])
  ) as ManagedFieldsEntry[]
  const fields =
    write.applied === undefined
      ? changed(writable(before, write.subresource), writable(after, write.subresource))
      : changed(undefined, writable(write.applied, write.subresource))
  let entries = base
  if (fields && !isEmpty(fields)) {
    const mine = base.find((e) => sameWriter(e, write))
    const others = base.filter((e) => e !== mine)
    const owned =
      write.applied === undefined && mine?.fieldsV1 ? union(mine.fieldsV1, fields) : fields
    entries = [
      ...others.map((e) => (e.fieldsV1 ? { ...e, fieldsV1: subtract(e.fieldsV1, fields) } : e)),
      {
        manager: write.manager,
        operation: write.operation,
        apiVersion: write.apiVersion,
        time: timestamp(),
        fieldsType: 'FieldsV1',
        fieldsV1: owned,
        ...(write.subresource && { subresource: write.subresource }),
      },
    ]
  }
  const fieldsNow = content(after)
  entries = entries
    .map((e) => (e.fieldsV1 ? { ...e, fieldsV1: prune(e.fieldsV1, fieldsNow) } : e))
    .filter((e) => !e.fieldsV1 || !isEmpty(e.fieldsV1))
    .sort(order)
  if (withoutTimes(entries) === withoutTimes(base)) entries = base
  if (entries.length) after.metadata.managedFields = entries
  else delete after.metadata.managedFields
}
