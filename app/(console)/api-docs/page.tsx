import type { Metadata } from 'next'
import { ApiReference } from '@/components/api-docs/ApiReference'
import { buildOpenApi } from '@/lib/api/openapi'
import packageJson from '@/package.json'

export const metadata: Metadata = { title: 'API reference' }

/** The reference of /api/v1, rendered from the same OpenAPI document /api/v1/openapi.json serves. */
export default function ApiDocs() {
  return <ApiReference document={buildOpenApi(packageJson.version)} />
}
