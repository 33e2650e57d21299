// Label selectors (equality and set-based) and the field selectors the API server supports for every type.
import { badRequest } from './status'
import type { KubeObject } from './types'

type Requirement = (labels: Record<string, string>) => boolean
export type Matcher = (obj: KubeObject) => boolean

/** Splits on commas that are not inside `in (...)` parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = []
  let depth = 0
  let current = ''
  for (const ch of selector) {
    if (ch === '(') depth++
    if (ch === ')') depth--
    if (ch === ',' && depth === 0) {
      terms.push(current)
      current = ''
    } else current += ch
  }
  terms.push(current)
  return terms.map((t) => t.trim()).filter((t) => t !== '')
}

const KEY = '([A-Za-z0-9][-A-Za-z0-9_./]*)'

function parseLabelTerm(term: string): Requirement {
  let m = term.match(new RegExp(`^${KEY}\\s+(in|notin)\\s+\\(([^)]*)\\)$`))
  if (m) {
    const [, key, op, list] = m as unknown as [string, string, string, string]
    const values = new Set(list.split(',').map((v) => v.trim()))
    return op === 'in'
      ? (l) => key in l && values.has(l[key]!)
      : (l) => !(key in l) || !values.has(l[key]!)
  }
  m = term.match(new RegExp(`^${KEY}\\s*(==|=|!=)\\s*([-A-Za-z0-9_.]*)$`))
  if (m) {
    const [, key, op, value] = m as unknown as [string, string, string, string]
    return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value
  }
  m = term.match(new RegExp(`^(!?)${KEY}$`))
  if (m) {
    const [, not, key] = m as unknown as [string, string, string]
    return not ? (l) => !(key in l) : (l) => key in l
  }
  throw badRequest(`unable to parse requirement: invalid label selector term "${term}"`)
}

export function labelMatcher(selector: string | null): Matcher {
  if (!selector) return () => true
  const reqs = splitTerms(selector).map(parseLabelTerm)
  return (obj) => reqs.every((r) => r(obj.metadata.labels ?? {}))
}

const FIELDS: Record<string, (obj: KubeObject) => string> = {
  'metadata.name': (o) => o.metadata.name ?? '',
  'metadata.namespace': (o) => o.metadata.namespace ?? '',
}

export function fieldMatcher(selector: string | null, kind: string): Matcher {
  if (!selector) return () => true
  const reqs = splitTerms(selector).map((term) => {
    const m = term.match(/^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$/)
    if (!m) throw badRequest(`invalid field selector: "${term}"`)
    const [, field, op, value] = m as unknown as [string, string, string, string]
    const read = FIELDS[field]
    if (!read) throw badRequest(`field label not supported: ${field} (for ${kind})`)
    return (o: KubeObject) => (op === '!=' ? read(o) !== value : read(o) === value)
  })
  return (obj) => reqs.every((r) => r(obj))
}
