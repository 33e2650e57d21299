import { z } from 'zod'
import {
  ApiErrorBody,
  ChangeList,
  ChangeRecord,
  ERROR_DETAILS,
  ERROR_STATUS,
  Mesh,
  MeshList,
  MeshService,
  Owner,
  Problem,
  RevertRequest,
  ServiceList,
  ServiceMetrics,
  Session,
  Source,
  SourceList,
  SplitPreview,
  SplitUpdate,
  SplitWriteResult,
  TrafficSplit,
  type ErrorCode,
} from '../schemas'
import { errorsOf, pathParams, ROUTES, type RouteSpec } from './routes'

/** A JSON Schema as the document holds it (2020-12, OpenAPI 3.1's dialect). */
export type JsonSchema = { [key: string]: unknown }

export type OpenApiOperation = {
  operationId: string
  tags: string[]
  summary: string
  description?: string
  parameters?: {
    name: string
    in: 'path' | 'query'
    required: boolean
    description?: string
    schema: JsonSchema
  }[]
  requestBody?: { required: true; content: { 'application/json': { schema: JsonSchema } } }
  responses: Record<string, { description: string; content: Record<string, MediaType> }>
}

/** OpenAPI 3.1 has no item schema for streams: NDJSON lines are described by `x-item-schema`. */
export type MediaType = { schema: JsonSchema; 'x-item-schema'?: JsonSchema }

export type OpenApiDocument = {
  openapi: '3.1.1'
  info: { title: string; version: string; description: string }
  servers: { url: string }[]
  tags: { name: string }[]
  paths: Record<string, Record<string, OpenApiOperation>>
  components: { schemas: Record<string, JsonSchema> }
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` })

/** The body of one error code: `code` fixed, `details` as ERROR_DETAILS says (absent for the rest). */
const errorBody = (code: ErrorCode) => {
  const details: z.ZodType | undefined = (ERROR_DETAILS as Partial<Record<ErrorCode, z.ZodType>>)[
    code
  ]
  return ApiErrorBody.extend({
    error: ApiErrorBody.shape.error.extend({
      code: z.literal(code),
      details: details ? details.optional() : z.never().optional(),
    }),
  })
}
const errorId = (code: ErrorCode) => `Error_${code}`

/** Schemas named in the document as lib/schemas names them; others are named after their route. */
const NAMED_ANSWERS = {
  Session,
  SourceList,
  Source,
  MeshList,
  Mesh,
  ServiceList,
  MeshService,
  TrafficSplit,
  SplitWriteResult,
  SplitPreview,
  Owner,
  Problem,
  ServiceMetrics,
  ChangeList,
  ChangeRecord,
}
const NAMED_BODIES = { SplitUpdate, RevertRequest }

/**
 * Answers and bodies become components by name; what they share (a split, a mesh) is named too so
 * the document reads as the domain does. Bodies are described as accepted (input), answers as sent.
 */
function componentSchemas(routes: Record<string, RouteSpec>) {
  const answers = z.registry<{ id: string }>()
  const bodies = z.registry<{ id: string }>()
  for (const [id, schema] of Object.entries(NAMED_ANSWERS)) answers.add(schema, { id })
  for (const [id, schema] of Object.entries(NAMED_BODIES)) bodies.add(schema, { id })
  const name = (registry: typeof answers, schema: z.ZodType, id: string) => {
    if (!registry.has(schema)) registry.add(schema, { id })
    return registry.get(schema)!.id
  }
  // The component each route's schema became.
  const ids = new Map<z.ZodType, string>()
  for (const [route, spec] of Object.entries(routes)) {
    ids.set(spec.answer, name(answers, spec.answer, `${capital(route)}Answer`))
    if (spec.ndjson) ids.set(spec.ndjson, name(answers, spec.ndjson, `${capital(route)}Line`))
    if (spec.body) ids.set(spec.body, name(bodies, spec.body, `${capital(route)}Body`))
  }
  for (const code of Object.keys(ERROR_STATUS) as ErrorCode[])
    answers.add(errorBody(code), { id: errorId(code) })
  const convert = (registry: typeof answers, io: 'input' | 'output') =>
    z.toJSONSchema(registry, {
      io,
      uri: (id) => `#/components/schemas/${id}`,
      unrepresentable: 'any',
    }).schemas
  return { schemas: { ...convert(answers, 'output'), ...convert(bodies, 'input') }, ids }
}

const capital = (name: string) => name[0]!.toUpperCase() + name.slice(1)

/** A converted schema without the keys that only make sense at a document's root. */
function bare(schema: JsonSchema): JsonSchema {
  const { $schema: _s, $id: _i, ...rest } = schema
  return rest
}

function parameters(route: RouteSpec): NonNullable<OpenApiOperation['parameters']> {
  const path = pathParams(route.path).map((name) => {
    const description = route.params?.[name as keyof typeof route.params]
    if (!description) throw new Error(`${route.method} ${route.path}: describe {${name}}`)
    return { name, in: 'path' as const, required: true, description, schema: { type: 'string' } }
  })
  const query = route.query
    ? z.toJSONSchema(route.query, { io: 'input', unrepresentable: 'any' })
    : undefined
  const required = new Set((query?.required as string[] | undefined) ?? [])
  const inQuery = Object.entries((query?.properties ?? {}) as Record<string, JsonSchema>).map(
    ([name, schema]) => ({ name, in: 'query' as const, required: required.has(name), schema }),
  )
  return [...path, ...inQuery]
}

function operation(name: string, route: RouteSpec, ids: Map<z.ZodType, string>): OpenApiOperation {
  const json = (schema: JsonSchema) => ({ 'application/json': { schema } })
  const ok: Record<string, MediaType> = route.events
    ? {
        'text/event-stream': {
          schema: {
            type: 'string',
            description: 'server-sent events; each `data` is one JSON object',
          },
          'x-item-schema': ref(ids.get(route.answer)!),
        },
      }
    : json(ref(ids.get(route.answer)!))
  if (route.ndjson)
    ok['application/x-ndjson'] = {
      schema: { type: 'string', description: 'one JSON object per line' },
      'x-item-schema': ref(ids.get(route.ndjson)!),
    }
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of errorsOf(route))
    byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code])
  const responses: OpenApiOperation['responses'] = { '200': { description: 'OK', content: ok } }
  for (const [status, codes] of byStatus)
    responses[String(status)] = {
      description: codes.map((c) => `\`${c}\``).join(' or '),
      content: json(
        codes.length === 1 ? ref(errorId(codes[0]!)) : { oneOf: codes.map((c) => ref(errorId(c))) },
      ),
    }
  const params = parameters(route)
  return {
    operationId: name,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description && { description: route.description }),
    ...(params.length > 0 && { parameters: params }),
    ...(route.body && {
      requestBody: { required: true, content: json(ref(ids.get(route.body)!)) },
    }),
    responses,
  }
}

/** The OpenAPI 3.1 document of /api/v1, built from the route table and the lib/ schemas. */
export function buildOpenApi(
  version: string,
  routes: Record<string, RouteSpec> = ROUTES,
): OpenApiDocument {
  const { schemas, ids } = componentSchemas(routes)
  const paths: OpenApiDocument['paths'] = {}
  for (const [name, route] of Object.entries(routes))
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(name, route, ids)
  return {
    openapi: '3.1.1',
    info: {
      title: 'Meshpane API',
      version,
      description:
        'One mesh-agnostic API over every service mesh Meshpane discovers. Errors are `{ error: { code, message, details } }`.',
    },
    servers: [{ url: '/api/v1' }],
    tags: [...new Set(Object.values(routes).map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: Object.fromEntries(
        Object.entries(schemas).map(([id, schema]) => [id, bare(schema as JsonSchema)]),
      ),
    },
  }
}
