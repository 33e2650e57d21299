import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config'

function configFile(content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshpane-config-'))
  const file = path.join(dir, 'meshpane.json')
  fs.writeFileSync(file, content)
  return file
}

describe('loadConfig', () => {
  it('defaults to every context of the default kubeconfig and a 3 s timeout', () => {
    expect(loadConfig({})).toEqual({ sourceTimeoutMs: 3000 })
  })

  it('resolves the kubeconfig against the config file folder', () => {
    const file = configFile(
      '{ "kubeconfig": "kubeconfig", "contexts": ["a"], "sourceTimeoutMs": 500 }',
    )
    expect(loadConfig({ MESHPANE_CONFIG: file })).toEqual({
      kubeconfig: path.join(path.dirname(file), 'kubeconfig'),
      contexts: ['a'],
      sourceTimeoutMs: 500,
    })
  })

  it('names the file and the field of a bad value', () => {
    const file = configFile('{ "sourceTimeoutMs": "soon", "contexts": [1] }')
    expect(() => loadConfig({ MESHPANE_CONFIG: file })).toThrow(ConfigError)
    expect(() => loadConfig({ MESHPANE_CONFIG: file })).toThrow(
      /meshpane\.json: .*field "sourceTimeoutMs"/,
    )
    expect(() => loadConfig({ MESHPANE_CONFIG: file })).toThrow(/field "contexts\.0"/)
  })

  it('names the file when it is not JSON or missing', () => {
    expect(() => loadConfig({ MESHPANE_CONFIG: configFile('{ nope') })).toThrow(
      /meshpane\.json: .*JSON/,
    )
    expect(() => loadConfig({ MESHPANE_CONFIG: '/nonexistent/meshpane.json' })).toThrow(
      /nonexistent.*ENOENT/,
    )
  })
})
