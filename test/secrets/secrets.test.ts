import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { parse } from 'yaml'
import * as meshes from '@/app/api/v1/meshes/route'
import * as metrics from '@/app/api/v1/services/[serviceId]/metrics/route'
import * as sources from '@/app/api/v1/sources/route'
import { serviceId } from '@/lib/ids'
import { SourceList, type MeshList, type ServiceMetrics } from '@/lib/schemas'
import { call } from '@/server/fixtures/api'
import {
  startGuardedPrometheus,
  type GuardedPrometheus,
} from '@/server/fixtures/guarded-prometheus'
import { startDemoLab, type DemoLab } from '../appmesh/world'

/**
 * Secrets in every place an operator keeps them — a kubeconfig (token, URL userinfo, an exec
 * plugin's output), AWS credentials (a forged key, an unknown key, a role that cannot be assumed,
 * a failing credential_process), a Prometheus URL and password file — and failures around each,
 * through the API: no answer and no log line carries any of them.
 */
const SECRETS = {
  kubeToken: 'k8s-s3cret-token',
  kubeUserinfo: 'k8s-s3cret-userinfo',
  kubeExec: 'ex3cret9',
  awsForged: 'aws-s3cret-forged',
  awsStranger: 'aws-s3cret-stranger',
  awsProcess: 'aws-s3cret-process',
  promUserinfo: 'prom-s3cret-userinfo',
  promPassword: 'prom-s3cret-password',
}

let lab: DemoLab
let refusing: GuardedPrometheus
/** Every secret to look for: ours and the lab's own keys in the files Meshpane reads. */
let secrets: string[]
const logged: string[] = []
const answers: string[] = []

/** The answer of a route handler, kept for the final search. */
async function answer<T>(response: Promise<Response>): Promise<{ status: number; body: T }> {
  const res = await response
  const text = await res.text()
  answers.push(text)
  return { status: res.status, body: JSON.parse(text) as T }
}
const configure = (name: string, config: unknown) => {
  const file = path.join(lab.dir, name)
  fs.writeFileSync(file, JSON.stringify(config))
  process.env.MESHPANE_CONFIG = file
}
const write = (name: string, content: string) => {
  const file = path.join(lab.dir, name)
  fs.writeFileSync(file, content)
  return file
}
const reviewsId = serviceId({
  mesh: { source: { kind: 'kubernetes', name: 'prod-eu' }, kind: 'istio', name: 'istio' },
  namespace: 'bookinfo',
  name: 'reviews',
})

async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

beforeAll(async () => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const)
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(
        args
          .map((a) => (a instanceof Error ? `${a.stack} ${JSON.stringify(a)}` : String(a)))
          .join(' '),
      )
    })
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream)
    vi.spyOn(stream, 'write').mockImplementation(((
      chunk: string | Uint8Array,
      ...rest: never[]
    ) => {
      logged.push(String(chunk))
      return write(chunk, ...rest)
    }) as typeof stream.write)
  }
  lab = await startDemoLab()
  refusing = await startGuardedPrometheus({
    upstream: 'http://127.0.0.1:9',
    authorization: 'Basic none-will-do',
  })
  const labKeys = [
    ...fs
      .readFileSync(path.join(lab.dir, lab.config.credentialsFile), 'utf8')
      .matchAll(/aws_secret_access_key = (\S+)/g),
  ].map((m) => m[1]!)
  const labTokens = (
    parse(fs.readFileSync(lab.kubeconfigPath, 'utf8')) as { users: { user: { token: string } }[] }
  ).users.map((u) => u.user.token)
  secrets = [...Object.values(SECRETS), ...labKeys, ...labTokens]
})
afterAll(async () => {
  vi.restoreAllMocks()
  await Promise.all([refusing?.stop(), lab?.stop()])
})

describe('a config that cannot be used (answered on every request, so these come first)', () => {
  const everyEndpoint = async (field: RegExp) => {
    for (const res of [
      answer<{ error: { message: string } }>(call(sources.GET, {})),
      answer<{ error: { message: string } }>(call(meshes.GET, {})),
      answer<{ error: { message: string } }>(call(metrics.GET, { serviceId: reviewsId })),
    ]) {
      const { status, body } = await res
      expect(status).toBe(500)
      expect(body.error.message).toMatch(field)
    }
  }

  it('a Prometheus URL with credentials is refused, naming the field', async () => {
    configure('userinfo.json', {
      kubeconfig: lab.kubeconfigPath,
      prometheus: { url: `http://meshpane:${SECRETS.promUserinfo}@127.0.0.1:9090` },
    })
    await everyEndpoint(/field "prometheus\.url": must not carry credentials/)
  })

  it('a malformed kubeconfig holding a token is refused, naming the file and the line', async () => {
    const kubeconfig = write(
      'malformed-kubeconfig',
      [
        'apiVersion: v1',
        'kind: Config',
        'users:',
        '- name: admin',
        '  user:',
        `    token: ${SECRETS.kubeToken}`,
        '   oops: [',
      ].join('\n'),
    )
    configure('malformed.json', { kubeconfig })
    await everyEndpoint(/kubeconfig .*malformed-kubeconfig: .*line 7/)
  })
})

describe('sources that fail with their secrets at hand', () => {
  beforeAll(async () => {
    const labConfig = parse(fs.readFileSync(lab.kubeconfigPath, 'utf8')) as {
      clusters: { name: string; cluster: Record<string, unknown> }[]
      users: { name: string; user: Record<string, unknown> }[]
      contexts: { name: string; context: Record<string, unknown> }[]
    }
    const prodEu = labConfig.clusters.find((c) => c.name === 'prod-eu')!.cluster
    const port = await closedPort()
    const kubeconfig = write(
      'kubeconfig-with-secrets',
      JSON.stringify({
        ...labConfig,
        clusters: [
          ...labConfig.clusters,
          {
            name: 'dead',
            cluster: { server: `https://admin:${SECRETS.kubeUserinfo}@127.0.0.1:${port}` },
          },
          { name: 'exec', cluster: prodEu },
        ],
        users: [
          ...labConfig.users,
          { name: 'dead', user: { token: SECRETS.kubeToken } },
          {
            name: 'exec',
            user: {
              exec: {
                apiVersion: 'client.authentication.k8s.io/v1',
                command: 'sh',
                args: ['-c', `printf '{"status":{"token":${SECRETS.kubeExec}}}'`],
                interactiveMode: 'Never',
              },
            },
          },
        ],
        contexts: [
          ...labConfig.contexts,
          { name: 'dead', context: { cluster: 'dead', user: 'dead' } },
          { name: 'exec', context: { cluster: 'exec', user: 'exec' } },
        ],
      }),
    )
    const credentialsFile = path.join(lab.dir, lab.config.credentialsFile)
    const platformKey = /\[platform\]\naws_access_key_id = (\S+)/.exec(
      fs.readFileSync(credentialsFile, 'utf8'),
    )![1]!
    fs.appendFileSync(
      credentialsFile,
      [
        '[forged]',
        `aws_access_key_id = ${platformKey}`,
        `aws_secret_access_key = ${SECRETS.awsForged}`,
        '[stranger]',
        'aws_access_key_id = AKIASTRANGER0000000',
        `aws_secret_access_key = ${SECRETS.awsStranger}`,
        '',
      ].join('\n'),
    )
    fs.appendFileSync(
      path.join(lab.dir, lab.config.configFile),
      `\n[profile process]\ncredential_process = sh -c "echo ${SECRETS.awsProcess} >&2; exit 1"\n`,
    )
    const region = ['eu-west-1']
    configure('with-secrets.json', {
      kubeconfig,
      sourceTimeoutMs: 3000,
      aws: {
        ...lab.config,
        accounts: [
          { profile: 'forged', regions: region },
          { profile: 'stranger', regions: region },
          { profile: 'process', regions: region },
          {
            profile: 'platform',
            name: 'no-role',
            regions: region,
            roleArn: 'arn:aws:iam::999999999999:role/Nope',
          },
        ],
      },
      prometheus: {
        url: refusing.url,
        basicAuth: {
          username: 'meshpane',
          passwordFile: write('prom-password', SECRETS.promPassword),
        },
      },
    })
  })

  it('are listed with their status and reason, the endpoint without its userinfo', async () => {
    const { body } = await answer<SourceList>(call(sources.GET, {}))
    const byName = Object.fromEntries(SourceList.parse(body).items.map((s) => [s.name, s]))
    expect(byName.dead).toMatchObject({
      status: 'unreachable',
      endpoint: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/),
    })
    expect(byName.exec).toMatchObject({
      status: 'unreachable',
      error: expect.stringMatching(/JSON/),
    })
    for (const name of ['forged', 'stranger', 'process', 'no-role'])
      expect(byName[`${name}/eu-west-1`]?.status, name).toBe('forbidden')
    expect(byName['prod-eu']?.status).toBe('ok')
  })

  it('name themselves in the mesh list errors', async () => {
    const { body } = await answer<MeshList>(call(meshes.GET, {}))
    expect(body.errors.map((e) => e.sourceName).sort()).toEqual([
      'dead',
      'exec',
      'forged/eu-west-1',
      'no-role/eu-west-1',
      'process/eu-west-1',
      'stranger/eu-west-1',
    ])
  })

  it('a Prometheus refusing the password leaves metrics unavailable, saying why', async () => {
    const { body } = await answer<ServiceMetrics>(call(metrics.GET, { serviceId: reviewsId }))
    expect(body.available).toBe(false)
    expect(body.unavailableReason).toBe(
      `Prometheus at ${refusing.url} refused our credentials (HTTP 401)`,
    )
  })

  it('no answer and no log line carries a secret', () => {
    expect(answers.length).toBeGreaterThan(8)
    for (const secret of secrets) {
      for (const text of answers) expect(text, 'an answer').not.toContain(secret)
      for (const line of logged) expect(line, 'a log line').not.toContain(secret)
    }
  })
})
