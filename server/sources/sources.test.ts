import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError } from '@/server/config/config'
import { kubeSources } from './sources'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshpane-kubeconfig-'))
const kubeconfig = (file: string, context: string, port: number, current = context) => {
  const full = path.join(dir, file)
  fs.writeFileSync(
    full,
    [
      'apiVersion: v1',
      'kind: Config',
      `current-context: ${current}`,
      `clusters: [{ name: ${context}, cluster: { server: 'https://127.0.0.1:${port}' } }]`,
      `users: [{ name: ${context}, user: { token: t-${context} } }]`,
      `contexts: [{ name: ${context}, context: { cluster: ${context}, user: ${context} } }]`,
    ].join('\n'),
  )
  return full
}
const saved = process.env.KUBECONFIG
afterEach(() => {
  if (saved === undefined) delete process.env.KUBECONFIG
  else process.env.KUBECONFIG = saved
})

describe('kubeSources', () => {
  it('makes every context of every file in KUBECONFIG a source, as kubectl merges them', () => {
    process.env.KUBECONFIG = [
      kubeconfig('a.yaml', 'alpha', 1001),
      kubeconfig('b.yaml', 'beta', 1002),
    ].join(path.delimiter)
    const sources = kubeSources({ sourceTimeoutMs: 1000 })
    expect(sources.map((s) => [s.ref.name, s.endpoint])).toEqual([
      ['alpha', 'https://127.0.0.1:1001'],
      ['beta', 'https://127.0.0.1:1002'],
    ])
    expect(new Set(sources.map((s) => s.ref.id)).size).toBe(2)
  })

  it('keeps only the contexts the config names, and names a missing one', () => {
    process.env.KUBECONFIG = [
      kubeconfig('a.yaml', 'alpha', 1001),
      kubeconfig('b.yaml', 'beta', 1002),
    ].join(path.delimiter)
    expect(
      kubeSources({ sourceTimeoutMs: 1000, contexts: ['beta'] }).map((s) => s.ref.name),
    ).toEqual(['beta'])
    expect(() => kubeSources({ sourceTimeoutMs: 1000, contexts: ['beta', 'gamma'] })).toThrow(
      /field "contexts\.1": context "gamma" is not in the kubeconfig/,
    )
  })

  it('reads the kubeconfig file the config names, and reports one that is missing', () => {
    const file = kubeconfig('c.yaml', 'gamma', 1003)
    expect(kubeSources({ sourceTimeoutMs: 1000, kubeconfig: file }).map((s) => s.ref.name)).toEqual(
      ['gamma'],
    )
    expect(() =>
      kubeSources({ sourceTimeoutMs: 1000, kubeconfig: path.join(dir, 'none.yaml') }),
    ).toThrow(ConfigError)
  })
  it('has no sources when there is no kubeconfig at all, as kubectl shows no contexts', () => {
    delete process.env.KUBECONFIG
    const home = process.env.HOME
    process.env.HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'meshpane-home-'))
    try {
      expect(kubeSources({ sourceTimeoutMs: 1000 })).toEqual([])
    } finally {
      process.env.HOME = home
    }
  })
})
