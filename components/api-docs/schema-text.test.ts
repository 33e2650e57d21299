import { describe, expect, it } from 'vitest'
import { buildOpenApi } from '@/lib/api/openapi'
import { constraints, properties, typeParts } from './schema-text'

const text = (schema: Record<string, unknown>) =>
  typeParts(schema)
    .map((p) => ('ref' in p ? `<${p.ref}>` : p.text))
    .join('')

describe('schema text of the API reference', () => {
  it('names types TypeScript-like, named schemas as links', () => {
    expect(text({ type: 'string' })).toBe('string')
    expect(text({ $ref: '#/components/schemas/TrafficSplit' })).toBe('<TrafficSplit>')
    expect(text({ type: 'array', items: { $ref: '#/components/schemas/Mesh' } })).toBe(
      'array of <Mesh>',
    )
    expect(text({ type: 'string', enum: ['exact', 'regex'] })).toBe('"exact" | "regex"')
    expect(text({ anyOf: [{ type: 'number' }, { type: 'null' }] })).toBe('number | null')
    expect(text({ type: 'object', additionalProperties: { type: 'string' } })).toBe('map of string')
    expect(text({ const: 'conflict' })).toBe('"conflict"')
    expect(text({})).toBe('any')
  })

  it('says the limits in words', () => {
    expect(constraints({ type: 'integer', minimum: 0, maximum: 100 })).toEqual(['0–100'])
    expect(constraints({ type: 'string', maxLength: 500 })).toEqual(['≤ 500 chars'])
    expect(constraints({ type: 'string', format: 'date-time' })).toEqual(['RFC 3339 time'])
    expect(constraints({ type: 'string', default: 'json' })).toEqual(['default "json"'])
  })

  it('lists the fields of the split update body, required or not', () => {
    const body = buildOpenApi('t').components.schemas.SplitUpdate!
    expect(properties(body).map((p) => `${p.name}${p.required ? '' : '?'}`)).toEqual([
      'backends',
      'revision',
      'matches?',
      'remove?',
      'force?',
      'comment?',
    ])
  })
})
