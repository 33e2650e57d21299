// `tsx lab/cli.ts start [--scenario file] [--dir .lab] [--fault cluster=mode]...` (see USAGE)
import { parseArgs } from 'node:util'
import { startLab, DEFAULT_SCENARIO } from './lab'
import { FAULT_MODES, type FaultMode } from './kube/server'
import { ScenarioError } from './scenario'
import { AwsFault } from './appmesh/scenario'

const USAGE = `usage: tsx lab/cli.ts start [--scenario ${'lab/scenarios/demo.yaml'}] [--dir .lab] [--fault <cluster>=${FAULT_MODES.join('|')}]... [--aws-fault <account>[/<region>]=${AwsFault.options.join('|')}]... [--no-prometheus] [--scrape-interval 5] [--tick-ms 1000] [--history-limit 1000] [--app-origin http://127.0.0.1:3000]...`

function parseFaults(values: string[]): Record<string, FaultMode> {
  const faults: Record<string, FaultMode> = {}
  for (const v of values) {
    const [cluster, mode] = v.split('=')
    if (!cluster || !FAULT_MODES.includes(mode as FaultMode))
      throw new ScenarioError(`bad --fault "${v}"\n${USAGE}`)
    faults[cluster] = mode as FaultMode
  }
  return faults
}

function parseAwsFaults(values: string[]): Record<string, AwsFault> {
  return Object.fromEntries(
    values.map((v) => {
      const [key, mode] = v.split('=')
      const parsed = AwsFault.safeParse(mode)
      if (!key || !parsed.success) throw new ScenarioError(`bad --aws-fault "${v}"\n${USAGE}`)
      return [key, parsed.data]
    }),
  )
}

function parseOrigins(values: string[] | undefined) {
  for (const v of values ?? [])
    if (!URL.canParse(v) || new URL(v).origin !== v)
      throw new ScenarioError(
        `bad --app-origin "${v}" (an origin, e.g. http://127.0.0.1:3000)\n${USAGE}`,
      )
  return values
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      scenario: { type: 'string', default: DEFAULT_SCENARIO },
      dir: { type: 'string', default: '.lab' },
      fault: { type: 'string', multiple: true, default: [] },
      'aws-fault': { type: 'string', multiple: true, default: [] },
      'no-prometheus': { type: 'boolean', default: false },
      'scrape-interval': { type: 'string', default: '5' },
      'tick-ms': { type: 'string', default: '1000' },
      'history-limit': { type: 'string' },
      'app-origin': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help || positionals[0] !== 'start') {
    console.log(USAGE)
    process.exit(values.help ? 0 : 2)
  }
  const historyLimit =
    values['history-limit'] === undefined ? undefined : Number(values['history-limit'])
  if (historyLimit !== undefined && !(Number.isInteger(historyLimit) && historyLimit > 0))
    throw new ScenarioError(`bad --history-limit "${values['history-limit']}"\n${USAGE}`)
  const lab = await startLab({
    scenarioPath: values.scenario,
    dir: values.dir,
    faults: parseFaults(values.fault),
    historyLimit,
    awsFaults: parseAwsFaults(values['aws-fault']),
    metrics: {
      prometheus: !values['no-prometheus'],
      scrapeIntervalSeconds: Number(values['scrape-interval']),
      tickMs: Number(values['tick-ms']),
    },
    oidc: { appOrigins: parseOrigins(values['app-origin']) },
  })
  for (const c of Object.values(lab.clusters))
    console.log(`cluster ${c.name}: ${c.server} (${c.kube.faultMode})`)
  if (lab.aws) console.log(`aws: ${lab.aws.endpoint} (faults: ${JSON.stringify(lab.aws.faults)})`)
  console.log(`control: ${lab.controlUrl}`)
  console.log(`oidc: ${lab.oidc.issuer} (client ${lab.oidc.clientId})`)
  console.log(`traffic: ${lab.metrics.trafficUrl}`)
  if (lab.metrics.prometheus) console.log(`prometheus: ${lab.metrics.prometheus.url}`)
  if (lab.metrics.warning) console.warn(`warning: ${lab.metrics.warning}`)
  console.log(`lab ready: ${lab.dir}`)
  const shutdown = () => {
    void lab.stop().then(() => process.exit(0))
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

main().catch((e) => {
  console.error(e instanceof ScenarioError ? e.message : e)
  process.exit(1)
})
