// The service graph at scale, in chromium: time from navigation to the first drawn frame, and frame
// times while panning and zooming, for Meshpane's graph page (sigma, WebGL) and, in the same run and
// browser, a per-element baseline (cytoscape's canvas renderer, one drawn element per node and edge,
// at the same positions, no layout). Both draw the generated scale scenario's graph
// (lab/graph-scale.ts, ~1,000 services and ~3,000 calls, plus their versions); Meshpane's page gets
// it through its own API path, answered by the bench (bench/graph-answer.ts).
// Needs a running production Meshpane (`npm run build && npm start`, or the demo):
// Run: npx tsx bench/graph-render.ts [baseUrl=http://127.0.0.1:3000] [runs=3]
import fs from 'node:fs'
import os from 'node:os'
import { chromium, type Page } from '@playwright/test'
import { edgeColour, groupsOf, nodeColour, seedPosition } from '@/components/graph/graph-view'
import { scaleGraphAnswer } from './graph-answer'

const base = process.argv[2] ?? 'http://127.0.0.1:3000'
const runs = Number(process.argv[3] ?? 3)
const answer = scaleGraphAnswer()

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!

/** The baseline page: cytoscape from node_modules and the same graph at the seed positions. */
function baselinePage() {
  const groups = groupsOf(answer.nodes)
  const elements = [
    ...answer.nodes.map((n) => ({
      data: { id: n.id, label: n.name, colour: nodeColour(n) },
      position: seedPosition(n, groups),
    })),
    ...answer.edges.map((e) => ({
      data: { id: e.id, source: e.source, target: e.target, colour: edgeColour(e) },
    })),
  ]
  const cytoscape = fs.readFileSync(require.resolve('cytoscape/dist/cytoscape.min.js'), 'utf8')
  return `<!doctype html><html><body style="margin:0">
<div id="cy" style="width:100vw;height:600px"></div>
<script>${cytoscape}</script>
<script>
const cy = cytoscape({
  container: document.getElementById('cy'),
  elements: ${JSON.stringify(elements)},
  layout: { name: 'preset' },
  style: [
    { selector: 'node', style: { 'background-color': 'data(colour)', label: 'data(label)', 'font-size': 4, width: 6, height: 6 } },
    { selector: 'edge', style: { 'line-color': 'data(colour)', width: 0.5, 'curve-style': 'straight', 'target-arrow-shape': 'triangle', 'target-arrow-color': 'data(colour)', 'arrow-scale': 0.3 } },
  ],
})
cy.one('render', () => requestAnimationFrame(() => { window.firstFrame = performance.now() }))
</script></body></html>`
}

/** Frame times (ms between animation frames) while dragging across and wheeling over `selector`. */
async function panZoomFrames(page: Page, selector: string): Promise<number[]> {
  const box = (await page.locator(selector).boundingBox())!
  // A string, not a function: tsx would wrap a named function in a helper the page lacks.
  await page.evaluate(`(() => {
    window.frames_ = []
    window.recording = true
    let last = performance.now()
    const tick = (t) => {
      window.frames_.push(t - last)
      last = t
      if (window.recording) requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })()`)
  const cx = box.x + box.width / 2
  const cy = box.y + box.height / 2
  await page.mouse.move(cx, cy)
  await page.mouse.down()
  for (let i = 0; i < 40; i++) await page.mouse.move(cx + Math.sin(i / 6) * 200, cy + i * 3)
  await page.mouse.up()
  for (let i = 0; i < 20; i++) await page.mouse.wheel(0, i < 10 ? -120 : 120)
  return page.evaluate(() => {
    const w = window as unknown as { frames_: number[]; recording: boolean }
    w.recording = false
    return w.frames_.slice(1)
  })
}

async function meshpane(page: Page) {
  await page.route('**/api/v1/graph*', (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify(answer) }),
  )
  await page.goto(`${base}/graph`)
  const count = answer.nodes.length
  await page.waitForFunction(
    (n) =>
      !!document.querySelector('[data-testid=graph-canvas] canvas') &&
      !!document
        .querySelector('[data-testid=graph-canvas]')
        ?.getAttribute('aria-label')
        ?.startsWith(`Service graph: ${n} nodes`),
    count,
  )
  const first = await page.evaluate(
    () =>
      new Promise<number>((r) =>
        requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))),
      ),
  )
  // When the page had its data: what comes before it is loading the page, not drawing.
  const answered = await page.evaluate(
    () =>
      (
        performance.getEntriesByType('resource').find((e) => e.name.includes('/api/v1/graph')) as
          PerformanceResourceTiming | undefined
      )?.responseEnd ?? 0,
  )
  await page.locator('[data-testid=graph-canvas][data-layout=done]').waitFor({ timeout: 60_000 })
  const layout = await page.evaluate(() => performance.now())
  return {
    first,
    answered,
    layout,
    frames: await panZoomFrames(page, '[data-testid=graph-canvas]'),
  }
}

async function baseline(page: Page) {
  const html = baselinePage()
  await page.route(`${base}/bench-baseline`, (route) =>
    route.fulfill({ contentType: 'text/html', body: html }),
  )
  await page.goto(`${base}/bench-baseline`)
  await page.waitForFunction(
    () => (window as unknown as { firstFrame?: number }).firstFrame,
    null,
    {
      timeout: 120_000,
    },
  )
  const first = await page.evaluate(() => (window as unknown as { firstFrame: number }).firstFrame)
  return { first, frames: await panZoomFrames(page, '#cy') }
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // No GPU here: WebGL runs on SwiftShader, as in any headless chromium on a server.
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  })
  const results = {
    meshpane: [] as Awaited<ReturnType<typeof meshpane>>[],
    baseline: [] as Awaited<ReturnType<typeof baseline>>[],
  }
  for (let i = 0; i < runs; i++) {
    for (const [name, run] of [
      ['meshpane', meshpane],
      ['baseline', baseline],
    ] as const) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
      ;(results[name] as unknown[]).push(await run(page))
      await page.close()
    }
  }
  await browser.close()
  const m = results.meshpane
  const b = results.baseline
  const frames = (rs: { frames: number[] }[]) => rs.flatMap((r) => r.frames)
  const firstM = median(m.map((r) => r.first))
  const firstB = median(b.map((r) => r.first))
  console.log(
    `graph: ${answer.nodes.length} nodes (${answer.nodes.filter((n) => n.kind === 'service').length} services), ${answer.edges.length} edges (${answer.edges.filter((e) => e.kind === 'call').length} calls); ${runs} runs each; load ${os.loadavg()[0]!.toFixed(1)}`,
  )
  console.log(
    `first drawn frame, median: Meshpane (sigma, WebGL) ${firstM.toFixed(0)} ms; baseline (cytoscape canvas) ${firstB.toFixed(0)} ms; ratio ${(firstB / firstM).toFixed(2)}x`,
  )
  console.log(
    `Meshpane had the graph's answer after ${median(m.map((r) => r.answered)).toFixed(0)} ms (page, scripts and the API call)`,
  )
  console.log(
    `Meshpane layout (ForceAtlas2 in the worker) done after ${median(m.map((r) => r.layout)).toFixed(0)} ms`,
  )
  for (const [name, fs_] of [
    ['Meshpane', frames(m)],
    ['baseline', frames(b)],
  ] as const)
    console.log(
      `pan/zoom frame times, ${name}: median ${median(fs_).toFixed(1)} ms, p95 ${p95(fs_).toFixed(1)} ms, max ${Math.max(...fs_).toFixed(0)} ms (${fs_.length} frames)`,
    )
  console.log(
    `pan/zoom p95 ratio (baseline / Meshpane): ${(p95(frames(b)) / p95(frames(m))).toFixed(2)}x`,
  )
}

void main()
