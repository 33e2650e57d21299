import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  startGuardedPrometheus,
  type GuardedPrometheus,
} from '@/server/fixtures/guarded-prometheus'
import { startLabProcess, type LabProcess } from '@/server/fixtures/lab-process'
import { PrometheusClient, type PrometheusConnection } from './prometheus-client'

const PASSWORD = 'pr0m-s3cret-password'
const TOKEN = 'pr0m-s3cret-token'
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

let lab: LabProcess
let guard: GuardedPrometheus
let tlsGuard: GuardedPrometheus
let secrets: string
const secretFile = (name: string, content: string) => {
  const file = path.join(secrets, name)
  fs.writeFileSync(file, content)
  return file
}
/** A query the real Prometheus evaluates, whatever it has scraped yet. */
const ask = (connection: PrometheusConnection) =>
  new PrometheusClient(connection).query('vector(1)')
const ANSWER = [{ metric: {}, value: 1 }]

beforeAll(async () => {
  lab = await startLabProcess({ prometheus: true })
  secrets = fs.mkdtempSync(path.join(os.tmpdir(), 'meshpane-secrets-'))
  const upstream = lab.info.prometheus!.url
  guard = await startGuardedPrometheus({ upstream, authorization: basic('meshpane', PASSWORD) })
  tlsGuard = await startGuardedPrometheus({
    upstream,
    authorization: `Bearer ${TOKEN}`,
    tls: true,
  })
})
afterAll(async () => {
  await Promise.all([guard?.stop(), tlsGuard?.stop(), lab?.stop()])
  fs.rmSync(secrets, { recursive: true, force: true })
})

describe('Prometheus behind authentication', () => {
  it('sends basic auth with the password from its file (trimmed, as Prometheus reads it)', async () => {
    const passwordFile = secretFile('password', `${PASSWORD}\n`)
    expect(
      await ask({ url: guard.url, basicAuth: { username: 'meshpane', passwordFile } }),
    ).toEqual(ANSWER)
  })

  it('reads the file again on every call, so a rotated password applies at once', async () => {
    const passwordFile = secretFile('rotated', PASSWORD)
    const connection = { url: guard.url, basicAuth: { username: 'meshpane', passwordFile } }
    expect(await ask(connection)).toEqual(ANSWER)
    guard.accept(basic('meshpane', 'next-password'))
    fs.writeFileSync(passwordFile, 'next-password')
    expect(await ask(connection)).toEqual(ANSWER)
    guard.accept(basic('meshpane', PASSWORD))
  })

  it('reports a refused password without the password', async () => {
    const passwordFile = secretFile('wrong', 'wr0ng-s3cret')
    const failure = ask({ url: guard.url, basicAuth: { username: 'meshpane', passwordFile } })
    await expect(failure).rejects.toThrow(
      `Prometheus at ${guard.url} refused our credentials (HTTP 401)`,
    )
    await expect(failure).rejects.not.toThrow(/wr0ng/)
  })

  it('names the field and the file of a secret it cannot read', async () => {
    const passwordFile = path.join(secrets, 'missing')
    await expect(
      ask({ url: guard.url, basicAuth: { username: 'meshpane', passwordFile } }),
    ).rejects.toThrow(`cannot read prometheus.basicAuth.passwordFile ${passwordFile}: ENOENT`)
  })

  it('sends the Authorization header of a credentials file, Bearer by default, over TLS with its CA', async () => {
    const credentialsFile = secretFile('token', TOKEN)
    const answer = await ask({
      url: tlsGuard.url,
      authorization: { type: 'Bearer', credentialsFile },
      tls: { caFile: tlsGuard.caFile, insecureSkipVerify: false },
    })
    expect(answer).toEqual(ANSWER)
  })

  it('refuses a certificate it cannot verify, unless told to skip the check', async () => {
    const authorization = { type: 'Bearer', credentialsFile: secretFile('token', TOKEN) }
    await expect(ask({ url: tlsGuard.url, authorization })).rejects.toThrow(
      /is unreachable: DEPTH_ZERO_SELF_SIGNED_CERT/,
    )
    const skipped = await ask({
      url: tlsGuard.url,
      authorization,
      tls: { insecureSkipVerify: true },
    })
    expect(skipped).toEqual(ANSWER)
  })
})
