import type { JsonSchema } from '@/lib/api/openapi'

/** A piece of a type as the reference shows it: text, or a link to a named schema. */
export type TypePart = { text: string } | { ref: string }

const REF = '#/components/schemas/'
export const refName = (ref: string) => ref.slice(REF.length)
/** The anchor of a named schema on the reference page. */
export const schemaAnchor = (name: string) => `schema-${name}`

const join = (groups: TypePart[][], separator: string): TypePart[] =>
  groups.flatMap((g, i) => (i ? [{ text: separator }, ...g] : g))

/**
 * The type of a JSON Schema in one line, TypeScript-like: `string`, `"a" | "b"`, `array of
 * TrafficSplit` (a link), `map of string`. Objects with properties say `object`: the page lists
 * their properties below.
 */
export function typeParts(schema: JsonSchema): TypePart[] {
  if (typeof schema.$ref === 'string') return [{ ref: refName(schema.$ref) }]
  if ('const' in schema) return [{ text: JSON.stringify(schema.const) }]
  if (Array.isArray(schema.enum))
    return [{ text: schema.enum.map((v) => JSON.stringify(v)).join(' | ') }]
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined
  if (union) return join(union.map(typeParts), ' | ')
  if (schema.type === 'array' && schema.items)
    return [{ text: 'array of ' }, ...typeParts(schema.items as JsonSchema)]
  if (schema.type === 'object' && !schema.properties && isSchema(schema.additionalProperties))
    return [{ text: 'map of ' }, ...typeParts(schema.additionalProperties)]
  if (Array.isArray(schema.type)) return [{ text: schema.type.join(' | ') }]
  if (typeof schema.type === 'string')
    return [{ text: schema.type === 'integer' ? 'integer' : schema.type }]
  if (schema.not) return [{ text: 'never' }]
  return [{ text: 'any' }]
}

const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && Object.keys(value).length > 0

/** The limits a schema sets, in words: `0–100`, `≤ 500 chars`, `default "exact"`, `RFC 3339 time`. */
export function constraints(schema: JsonSchema): string[] {
  const out: string[] = []
  const range = (min: unknown, max: unknown, unit = '') => {
    if (min !== undefined && max !== undefined) out.push(`${min}–${max}${unit}`)
    else if (min !== undefined) out.push(`≥ ${min}${unit}`)
    else if (max !== undefined) out.push(`≤ ${max}${unit}`)
  }
  range(schema.minimum, schema.maximum)
  range(schema.minLength, schema.maxLength, ' chars')
  range(schema.minItems, schema.maxItems, ' items')
  if (schema.format === 'date-time') out.push('RFC 3339 time')
  if (schema.default !== undefined) out.push(`default ${JSON.stringify(schema.default)}`)
  return out
}

/** The properties of an object schema, required first as declared. */
export function properties(
  schema: JsonSchema,
): { name: string; schema: JsonSchema; required: boolean }[] {
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>
  const required = new Set((schema.required as string[] | undefined) ?? [])
  return Object.entries(props).map(([name, s]) => ({
    name,
    schema: s,
    required: required.has(name),
  }))
}
