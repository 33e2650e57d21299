// What an operator waits for, against a running Meshpane (e.g. `npm run demo`):
// the overview's first render and its source table in chromium, and the apply of a split.
// Run: npx tsx bench/console-latency.ts [baseUrl] [runs]
// The apply moves one point of weight between the first two backends of a demo service and back,
// so the demo ends as it began.
import { chromium } from '@playwright/test'
import { createApiClient } from '@/lib/api-client'
import type { SplitUpdate } from '@/lib/schemas'

const base = process.argv[2] ?? 'http://127.0.0.1:3000'
const runs = Number(process.argv[3] ?? 7)

const api = createApiClient(base)

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now()
  const value = await work()
  return [value, performance.now() - start]
}

async function overview() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  })
  const shell: number[] = []
  const table: number[] = []
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage()
    const start = performance.now()
    await page.goto(base, { waitUntil: 'commit' })
    await page.getByRole('heading', { name: 'Overview' }).waitFor()
    shell.push(performance.now() - start)
    await page.getByRole('table', { name: 'Sources' }).waitFor()
    table.push(performance.now() - start)
    await page.close()
  }
  await browser.close()
  return { shell: median(shell), table: median(table) }
}

async function someService(): Promise<string> {
  for (const mesh of (await api.meshes()).items) {
    const service = (await api.services(mesh.id)).items.find((s) => s.backends.length >= 2)
    if (service) return service.id
  }
  throw new Error('no service with two backends to apply to')
}

async function apply(serviceId: string) {
  const put = (update: SplitUpdate) => api.applySplit(serviceId, update)
  const times: number[] = []
  const original = await api.split(serviceId)
  let current = original
  for (let i = 0; i < runs; i++) {
    const [a, b] = current.backends
    const give = a!.weight > 0 ? 1 : -1
    const moved = current.backends.map((x, k) =>
      k === 0
        ? { ...x, weight: x.weight - give }
        : k === 1
          ? { ...x, weight: b!.weight + give }
          : x,
    )
    const [next, ms] = await timed(() => put({ backends: moved, revision: current.revision }))
    times.push(ms)
    current = next
  }
  await put({ backends: original.backends, revision: current.revision })
  return median(times)
}

async function main() {
  const [sources, sourcesMs] = await timed(() => api.sources())
  const view = await overview()
  const applyMs = await apply(await someService())
  console.log(`console latency against ${base}, median of ${runs} runs`)
  console.log(`  GET /api/v1/sources (${sources.items.length} sources): ${sourcesMs.toFixed(0)} ms`)
  console.log(`  overview heading rendered:   ${view.shell.toFixed(0)} ms`)
  console.log(`  overview source table shown: ${view.table.toFixed(0)} ms`)
  console.log(`  apply (PUT split, read-check-write): ${applyMs.toFixed(0)} ms`)
  console.log(`  ratio table / sources API: ${(view.table / sourcesMs).toFixed(2)}`)
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
