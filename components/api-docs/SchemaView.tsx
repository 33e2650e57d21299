import type { JsonSchema } from '@/lib/api/openapi'
import { constraints, properties, schemaAnchor, typeParts } from './schema-text'

const link =
  'rounded font-mono text-brand underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-brand'

/** A type in one line; named schemas are links to their entry on the page. */
export function TypeLabel({ schema }: { schema: JsonSchema }) {
  return (
    <span className="font-mono text-xs text-slate-700">
      {typeParts(schema).map((part, i) =>
        'ref' in part ? (
          <a key={i} href={`#${schemaAnchor(part.ref)}`} className={link}>
            {part.ref}
          </a>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </span>
  )
}

/** What an array or union holds, when that is an object described in place. */
function inlineObjects(schema: JsonSchema): JsonSchema[] {
  if (schema.properties) return [schema]
  if (schema.type === 'array' && schema.items) return inlineObjects(schema.items as JsonSchema)
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined
  return union ? union.flatMap(inlineObjects) : []
}

/**
 * A schema as a list of its fields: name, type, required or not, limits and description; objects
 * described in place are listed beneath their field, named ones are links.
 */
export function SchemaView({ schema, depth = 0 }: { schema: JsonSchema; depth?: number }) {
  const objects = inlineObjects(schema)
  if (!objects.length)
    return (
      <p>
        <TypeLabel schema={schema} />
      </p>
    )
  return (
    <>
      {objects.map((object, i) => (
        <ul
          key={i}
          className={depth ? 'mt-1 space-y-1 border-l border-slate-200 pl-4' : 'space-y-1'}
        >
          {properties(object).map(({ name, schema: field, required }) => (
            <li key={name} className="text-sm">
              <code className="font-mono text-xs font-semibold text-slate-900">{name}</code>
              {!required && <span className="text-xs text-slate-500">?</span>}{' '}
              <TypeLabel schema={field} />
              {constraints(field).map((c) => (
                <span key={c} className="ml-2 text-xs text-slate-500">
                  {c}
                </span>
              ))}
              {typeof field.description === 'string' && (
                <span className="ml-2 text-xs text-slate-600">{field.description}</span>
              )}
              {depth < 4 && inlineObjects(field).length > 0 && (
                <SchemaView schema={field} depth={depth + 1} />
              )}
            </li>
          ))}
        </ul>
      ))}
    </>
  )
}
