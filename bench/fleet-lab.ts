// The fleet lab's own figures, the raw baseline of the fleet bench: how long 50 clusters × 200 Istio
// services (lab/fleet-scale.ts) take to start, the lab process's RSS, and for one cluster the four
// lists Meshpane's Istio adapter reads (VirtualServices, DestinationRules, Services, pods; limit=500
// pages) fetched in parallel straight from the lab as Meshpane's identity, p50/p95 over `runs`.
// Run: npm run bench:fleet-lab -- [clusters=50] [services=200] [runs=20]
import { kubeGetter, percentile, rawIstioLists, startFleetLab } from './fleet-lab-process'

const clusters = Number(process.argv[2] ?? 50)
const services = Number(process.argv[3] ?? 200)
const runs = Number(process.argv[4] ?? 20)
const SETTLE_MS = 10_000

const ms = (x: number) => `${x.toFixed(0)} ms`
const wait = (t: number) => new Promise((r) => setTimeout(r, t))

async function main() {
  console.log(`fleet lab: ${clusters} clusters × ${services} Istio services, no Prometheus`)
  const lab = await startFleetLab({ clusters, services })
  try {
    console.log(
      `ready after ${(lab.readyMs / 1000).toFixed(1)} s, lab RSS ${lab.rssMb().toFixed(0)} MB`,
    )
    await wait(SETTLE_MS)
    console.log(`RSS ${SETTLE_MS / 1000} s later ${lab.rssMb().toFixed(0)} MB`)

    const cluster = lab.clusters[Math.floor(lab.clusters.length / 2)]!
    const kube = kubeGetter(lab.meshpaneKubeconfigPath, cluster)
    const first = await rawIstioLists(kube.get) // warm-up, and what one fetch brings
    for (const [i, l] of first.lists.entries())
      console.log(
        `  ${['virtualservices', 'destinationrules', 'services', 'pods'][i]}: ${l.items} items, ${l.pages} page(s), ${(l.bytes / 1024).toFixed(0)} KB`,
      )
    await lab.resetRequestCounts()
    const times: number[] = []
    for (let i = 0; i < runs; i++) times.push((await rawIstioLists(kube.get)).ms)
    kube.close()
    console.log(
      `raw Istio lists of ${cluster} in parallel (limit=500), ${runs} runs: p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, max ${ms(Math.max(...times))}`,
    )
    const counts = (await lab.requestCounts())[cluster]!
    console.log(
      `  ${cluster} counted ${counts.total} requests (${JSON.stringify(counts.byVerbResource)}), ${counts.clusterWidePodLists} cluster-wide pod lists`,
    )
    console.log(`lab RSS at the end ${lab.rssMb().toFixed(0)} MB`)
  } finally {
    await lab.stop()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
