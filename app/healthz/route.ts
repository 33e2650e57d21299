export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** Liveness: the process serves requests. It checks nothing else, so a dead cluster or database never gets Meshpane restarted. */
export const GET = () =>
  Response.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } })
