// The audit trail under write load: 20 clients move the splits of 5 services through Meshpane's
// API (HTTP, a production build against its own lab) for the given seconds, once with the
// embedded database and once with PostgreSQL (one Meshpane, then two sharing it). Prints writes/s,
// latency percentiles, and whether every request left one record and every split matches its
// last applied record. Needs `next build` first.
// Run: npx tsx --conditions=react-server bench/audit-load.ts [seconds]
import { startLoadWorld } from '@/server/fixtures/load-world'
import { checkLoad, percentile, runSplitLoad } from '@/server/fixtures/split-load'

const seconds = Number(process.argv[2] ?? 60)

async function measure(storage: 'embedded' | 'postgres', replicas: number) {
  const world = await startLoadWorld(storage, replicas)
  try {
    const since = new Date().toISOString()
    const r = await runSplitLoad(world.api, world.ids, { clients: 20, durationMs: seconds * 1000 })
    const problems = await checkLoad(world.api, r, since)
    const ms = (p: number) => percentile(r.latenciesMs, p).toFixed(0)
    console.log(
      `${`${storage} ×${replicas}`.padEnd(13)} ${String(r.requests).padStart(6)} writes  ` +
        `${(r.requests / r.seconds).toFixed(1).padStart(6)} writes/s  p50 ${ms(50)} ms  p95 ${ms(95)} ms  ` +
        `200: ${r.statuses[200] ?? 0}  409: ${r.statuses[409] ?? 0}  other: ${
          r.requests - (r.statuses[200] ?? 0) - (r.statuses[409] ?? 0)
        }  records ${problems.length === 0 ? 'complete' : `WRONG: ${problems.join('; ')}`}`,
    )
    return r.requests / r.seconds
  } finally {
    await world.stop()
  }
}

async function main() {
  const embedded = await measure('embedded', 1)
  const postgres = await measure('postgres', 1)
  const replicas = await measure('postgres', 2)
  console.log(
    `ratios (writes/s): postgres/embedded ${(postgres / embedded).toFixed(2)}, two replicas/one ${(replicas / postgres).toFixed(2)}`,
  )
}

void main()
