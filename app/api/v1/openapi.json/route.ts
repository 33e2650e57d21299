import { buildOpenApi, type OpenApiDocument } from '@/lib/api/openapi'
import packageJson from '@/package.json'
import { handle } from '@/server/http/handle'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

let document: OpenApiDocument | undefined

/** The OpenAPI 3.1 document of /api/v1, built once from the route table and its schemas. */
export const GET = handle(async (): Promise<OpenApiDocument> => {
  document ??= buildOpenApi(packageJson.version)
  return document
})
