import { scrape } from '@/server/telemetry/metrics'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** Meshpane's own metrics in Prometheus' text format (server/telemetry/metrics.ts). */
export async function GET() {
  const { body, contentType } = await scrape()
  return new Response(body, {
    headers: { 'Content-Type': contentType, 'Cache-Control': 'no-store' },
  })
}
