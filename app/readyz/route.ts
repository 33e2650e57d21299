import { readiness } from '@/server/http/readiness'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** Readiness: 200 when the config loads and the audit database answers, 503 otherwise or while stopping. */
export async function GET() {
  const answer = await readiness()
  return Response.json(answer, {
    status: answer.status === 'ready' ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  })
}
