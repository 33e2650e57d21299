import { parseArgs } from 'node:util'
import { createApiClient } from '../lib/api-client'
import packageJson from '../package.json'
import type { RolloutActionName } from '../lib/api-client'
import * as commands from './commands'
import { EXIT, failure, UsageError } from './errors'
import type { OutputFormat } from './output'
import { actOnRollout, getRollouts, startRollout, type StartOptions } from './rollouts'

export const USAGE = `meshpane: Meshpane's API from the command line

  meshpane get sources
  meshpane get meshes    [--source S] [--mesh KIND]
  meshpane get services  [--source S] [--mesh KIND] [-n NAMESPACE]
  meshpane get split     SERVICE [--source S] [--mesh KIND] [-n NAMESPACE]
  meshpane set split     SERVICE BACKEND=PERCENT... [--revision R] [--comment C] [--force]
  meshpane apply -f FILE [--source S] [--mesh KIND] [-n NAMESPACE] [--comment C] [--force]
  meshpane get changes   [--service SERVICE] [--outcome O] [--limit N] [--source S]
  meshpane revert        CHANGE_ID [--comment C] [--force]
  meshpane get rollouts  [--service SERVICE] [--source S]
  meshpane rollout start SERVICE --canary B --primary B --steps 10,25,50 [--interval SECONDS]
                         [--manual] [--comment C] [--force]
  meshpane rollout promote|pause|resume|abort ROLLOUT_ID [--full] [--comment C]

SERVICE is a service id, NAME (in -n NAMESPACE, default "default") or NAMESPACE/NAME.
FILE holds SMI TrafficSplit documents (split.smi-spec.io, any version); "-" reads stdin.
Options: -o, --output table|json   --server URL (MESHPANE_SERVER, default http://127.0.0.1:3000)
         --token T (MESHPANE_TOKEN: sent as Authorization: Bearer)
Exit codes: 0 ok, 1 refused or failed, 2 usage, 3 conflict (the split moved), 4 owned (use --force).`

const OPTIONS = {
  output: { type: 'string', short: 'o', default: 'table' },
  server: { type: 'string' },
  token: { type: 'string' },
  source: { type: 'string' },
  mesh: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  revision: { type: 'string' },
  comment: { type: 'string' },
  force: { type: 'boolean' },
  filename: { type: 'string', short: 'f' },
  service: { type: 'string' },
  outcome: { type: 'string' },
  limit: { type: 'string' },
  canary: { type: 'string' },
  primary: { type: 'string' },
  steps: { type: 'string' },
  interval: { type: 'string' },
  manual: { type: 'boolean' },
  full: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const

type Io = { out: (text: string) => void; err: (text: string) => void; env: NodeJS.ProcessEnv }

/** Runs one command line; answers the exit code (output goes through `io`). */
export async function run(argv: string[], io: Io): Promise<number> {
  try {
    const { values, positionals } = (() => {
      try {
        return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true })
      } catch (e) {
        throw new UsageError((e as Error).message)
      }
    })()
    if (values.version) {
      io.out(packageJson.version)
      return EXIT.ok
    }
    if (values.help || positionals.length === 0) {
      io.out(USAGE)
      return values.help ? EXIT.ok : EXIT.usage
    }
    if (values.output !== 'table' && values.output !== 'json')
      throw new UsageError(`--output is table or json, not "${values.output}"`)
    const server = (values.server ?? io.env.MESHPANE_SERVER ?? 'http://127.0.0.1:3000').replace(
      /\/+$/,
      '',
    )
    const token = values.token ?? io.env.MESHPANE_TOKEN
    const ctx: commands.Context = {
      api: createApiClient(server, 'api', {
        ...(token && { token }),
        userAgent: `meshpane-cli/${packageJson.version}`,
      }),
      output: values.output as OutputFormat,
      print: io.out,
      warn: (line) => io.err(`warning: ${line}`),
    }
    const scope = { source: values.source, mesh: values.mesh, namespace: values.namespace }
    const write = { revision: values.revision, comment: values.comment, force: values.force }
    const [verb, noun, ...rest] = positionals
    const text = await dispatch(ctx, `${verb} ${noun ?? ''}`.trim(), noun, rest, scope, write, {
      ...values,
    })
    if (text) io.out(text)
    return EXIT.ok
  } catch (error) {
    const { code, message } = failure(error)
    io.err(`error: ${message}`)
    if (code === EXIT.usage) io.err('(meshpane --help shows the commands)')
    return code
  }
}

function dispatch(
  ctx: commands.Context,
  command: string,
  noun: string | undefined,
  rest: string[],
  scope: { source?: string; mesh?: string; namespace?: string },
  write: commands.WriteOptions,
  values: {
    filename?: string
    service?: string
    outcome?: string
    limit?: string
  } & StartOptions & {
      full?: boolean
    },
): Promise<string> {
  const [service, ...assignments] = rest
  const needService = () => {
    if (!service) throw new UsageError(`${command} needs a SERVICE`)
    return service
  }
  switch (command) {
    case 'get sources':
      return commands.getSources(ctx)
    case 'get meshes':
      return commands.getMeshes(ctx, scope)
    case 'get services':
      return commands.getServices(ctx, scope)
    case 'get split':
      return commands.getSplit(ctx, needService(), scope)
    case 'set split':
      return commands.setSplit(ctx, needService(), assignments, scope, write)
    case 'get changes':
      return commands.getChanges(ctx, values, scope)
    case 'get rollouts':
      return getRollouts(ctx, values.service, scope)
    case 'rollout start':
      return startRollout(ctx, needService(), scope, values)
    case 'rollout promote':
    case 'rollout pause':
    case 'rollout resume':
    case 'rollout abort':
      return actOnRollout(ctx, noun as RolloutActionName, service, values)
  }
  if (command.startsWith('apply ') || command === 'apply') {
    if (!values.filename) throw new UsageError('apply needs -f FILE (an SMI TrafficSplit)')
    if (noun)
      throw new UsageError(`apply takes no argument ("${noun}"); the file names the service`)
    return commands.applySmi(ctx, values.filename, scope, write)
  }
  if (command.startsWith('revert ')) return commands.revert(ctx, noun!, write)
  throw new UsageError(`unknown command "${command}"`)
}
