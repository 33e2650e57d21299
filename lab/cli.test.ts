// lab/cli.ts as a user runs it: --history-limit bounds each cluster's watch history, so a watch
// from an older resourceVersion is answered 410 Gone.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fleetScaleYaml } from './fleet-scale'
import { httpsCall } from './test-client'

const ROOT = resolve(__dirname, '..')
let dir: string
let stop: () => Promise<void>

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lab-cli-'))
  writeFileSync(join(dir, 'fleet.yaml'), fleetScaleYaml(1, 3))
  const args = ['--import', 'tsx', 'lab/cli.ts', 'start', '--scenario', join(dir, 'fleet.yaml')]
  args.push('--dir', dir, '--no-prometheus', '--history-limit', '3')
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = once(child, 'exit')
  let output = ''
  await new Promise<void>((ready, fail) => {
    const read = (chunk: string) => {
      output += chunk
      if (/^lab ready/m.test(output)) ready()
    }
    child.stdout.setEncoding('utf8').on('data', read)
    child.stderr.setEncoding('utf8').on('data', read)
    void exited.then(() => fail(new Error(`the lab exited before it was ready:\n${output}`)))
  })
  stop = async () => {
    child.kill('SIGTERM')
    await exited
  }
}, 60_000)
afterAll(() => stop?.())

describe('lab/cli.ts start --history-limit', () => {
  it('keeps that many watch events per cluster: older resourceVersions are 410 Gone', async () => {
    const info = JSON.parse(readFileSync(join(dir, 'lab.json'), 'utf8'))
    const server: string = info.clusters['fleet-0'].server
    const kubeconfig = readFileSync(join(dir, 'kubeconfig'), 'utf8')
    const token = /token: (\S+)/.exec(kubeconfig)![1]!
    const ca = readFileSync(join(dir, 'ca.crt'), 'utf8')
    const call = (method: string, path: string, body?: object) =>
      httpsCall(new URL(path, server).href, ca, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/merge-patch+json',
        },
        body: body && JSON.stringify(body),
      })
    const vs = '/apis/networking.istio.io/v1/namespaces/team-0/virtualservices'
    const rv = (await call('GET', vs)).json.metadata.resourceVersion
    for (let i = 0; i < 4; i++)
      expect(
        (await call('PATCH', `${vs}/svc-1`, { metadata: { labels: { n: String(i) } } })).status,
      ).toBe(200)
    const watch = await call('GET', `${vs}?watch=true&resourceVersion=${rv}&timeoutSeconds=2`)
    expect(JSON.parse(watch.body.trim())).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', code: 410, reason: 'Expired' },
    })
  })
})
