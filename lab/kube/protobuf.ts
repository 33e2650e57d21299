// kubectl's typed clients post some requests as application/vnd.kubernetes.protobuf (access
// reviews, `kubectl create token`'s TokenRequest): the `k8s\0` envelope (runtime.Unknown) around the
// object. This reads the fields the lab uses, by their generated.proto numbers; anything else in
// the message is skipped.
import { badRequest } from './status'
import type { KubeObject } from './types'

export const PROTOBUF = 'application/vnd.kubernetes.protobuf'

export type Schema = {
  [field: number]: [name: string, type: 'string' | 'strings' | 'bytes' | 'int' | Schema]
}

const str = (name: string): [string, 'string'] => [name, 'string']
const RESOURCE_ATTRIBUTES: Schema = {
  1: str('namespace'),
  2: str('verb'),
  3: str('group'),
  4: str('version'),
  5: str('resource'),
  6: str('subresource'),
  7: str('name'),
}
const SPEC: Schema = {
  1: ['resourceAttributes', RESOURCE_ATTRIBUTES],
  2: ['nonResourceAttributes', { 1: str('path'), 2: str('verb') }],
  3: str('user'),
  4: ['groups', 'strings'],
  6: str('uid'),
}
const REVIEW: Schema = { 2: ['spec', SPEC] }
const UNKNOWN: Schema = {
  1: ['typeMeta', { 1: str('apiVersion'), 2: str('kind') }],
  2: ['raw', 'bytes'],
}

function varint(buf: Buffer, at: number): [number, number] {
  let value = 0
  for (let shift = 1, i = at; i < buf.length; i++, shift *= 128) {
    value += (buf[i]! & 0x7f) * shift
    if (buf[i]! < 0x80) return [value, i + 1]
  }
  throw badRequest('error decoding request body: truncated protobuf varint')
}

function decode(buf: Buffer, schema: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (let i = 0; i < buf.length;) {
    const [key, next] = varint(buf, i)
    const wire = key % 8
    const field = schema[Math.floor(key / 8)]
    if (wire === 0) {
      const [value, after] = varint(buf, next)
      if (field?.[1] === 'int') out[field[0]] = value
      i = after
      continue
    }
    if (wire === 1 || wire === 5) {
      i = next + (wire === 1 ? 8 : 4)
      continue
    }
    if (wire !== 2) throw badRequest(`error decoding request body: protobuf wire type ${wire}`)
    const [length, start] = varint(buf, next)
    i = start + length
    if (!field) continue
    const [name, type] = field
    const bytes = buf.subarray(start, i)
    if (type === 'bytes') out[name] = bytes
    else if (type === 'string') out[name] = bytes.toString('utf8')
    else if (type === 'strings') out[name] = [...((out[name] as string[]) ?? []), bytes.toString()]
    else if (type !== 'int') out[name] = decode(bytes, type)
  }
  return out
}

/** An object sent as protobuf, as the JSON object it stands for (the fields `schema` names). */
export function decodeProtobuf(body: Buffer, schema: Schema): KubeObject {
  if (body.subarray(0, 4).toString('latin1') !== 'k8s\0')
    throw badRequest('error decoding request body: no protobuf envelope')
  const unknown = decode(body.subarray(4), UNKNOWN)
  const typeMeta = (unknown.typeMeta ?? {}) as { apiVersion?: string; kind?: string }
  const object = decode((unknown.raw as Buffer | undefined) ?? Buffer.alloc(0), schema)
  return { ...typeMeta, metadata: {}, ...object }
}

/** A SelfSubjectAccessReview or SubjectAccessReview sent as protobuf. */
export const decodeReview = (body: Buffer) => decodeProtobuf(body, REVIEW)
