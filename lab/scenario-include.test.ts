import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DEFAULT_SCENARIO } from './lab'
import { loadScenario, parseScenario } from './scenario'

describe('scenario includes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scenario-include-'))
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text)
    return join(dir, name)
  }
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('gives the default demo every mesh: its Istio clusters, the meshes clusters and App Mesh', () => {
    const demo = loadScenario(DEFAULT_SCENARIO)
    expect(demo.clusters.map((c) => c.name)).toEqual([
      'prod-eu',
      'prod-us',
      'staging',
      'linkerd',
      'mixed',
      'smi',
      'consul',
    ])
    expect(demo.aws).toBeDefined()
  })

  it('merges clusters and one aws: section from relative paths, nested', () => {
    file('aws.yaml', 'aws: { accounts: {} }\n')
    file('b.yaml', 'clusters: [{ name: b }]\ninclude: [aws.yaml]\n')
    const top = file('top.yaml', 'clusters: [{ name: a }]\ninclude: [b.yaml]\n')
    const s = loadScenario(top)
    expect(s.clusters.map((c) => c.name)).toEqual(['a', 'b'])
    expect(s.aws).toEqual({ accounts: {} })
  })

  it('refuses cycles, two aws: sections, duplicate clusters and includes outside a file', () => {
    file('c1.yaml', 'clusters: [{ name: c }]\ninclude: [c2.yaml]\n')
    file('c2.yaml', 'include: [c1.yaml]\n')
    expect(() => loadScenario(join(dir, 'c1.yaml'))).toThrow(/cycle/)
    file('aws2.yaml', 'aws: { accounts: {} }\n')
    const twice = file('twice.yaml', 'clusters: [{ name: a }]\ninclude: [aws.yaml, aws2.yaml]\n')
    expect(() => loadScenario(twice)).toThrow(/aws: is given more than once/)
    const dup = file('dup.yaml', 'clusters: [{ name: b }]\ninclude: [b.yaml]\n')
    expect(() => loadScenario(dup)).toThrow(/duplicate cluster name "b"/)
    expect(() => parseScenario('clusters: [{ name: a }]\ninclude: [b.yaml]\n')).toThrow(
      /include: is resolved when the scenario is loaded from a file/,
    )
  })
})
