import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestLab, type TestLab } from '@/server/fixtures/test-lab'
import { probeSource } from './probe'

const SCENARIO = path.join(__dirname, '..', 'fixtures', 'idle-lab.yaml')
const CLUSTERS = ['near', 'far']

let lab: TestLab
beforeAll(async () => {
  lab = await startTestLab({ scenarioPath: SCENARIO })
})
afterAll(() => lab.stop())

/**
 * Holds this whole process until the lab has closed every connection as idle. Its event loop stands
 * still meanwhile, so the client cannot see the closes before it next sends, just as a server busy
 * with 50 clusters at once does not: the requests go out on connections already closed.
 */
function holdUntilLabClosedConnections() {
  const url = `${lab.lab.info.control}/connections`
  const open = `Object.values(await (await fetch('${url}')).json()).some(Boolean)`
  const wait = `while (${open}) await new Promise((r) => setTimeout(r, 50))`
  execFileSync(process.execPath, ['--input-type=module', '-e', wait], { timeout: 15_000 })
}

/** What discovery does: every source at once, several requests each (several pooled connections). */
const askEverySource = () =>
  Promise.all(
    CLUSTERS.map(async (name) => {
      const source = lab.source(name)
      const signal = AbortSignal.timeout(5000)
      const [probe, namespaces] = await Promise.all([
        probeSource(source, signal),
        source.kube.list('/api/v1/namespaces', signal),
        source.kube.list('/api/v1/services', signal),
        source.kube.list('/api/v1/pods', signal),
      ])
      return { name, status: probe.status, error: probe.error, namespaces: namespaces.length > 0 }
    }),
  )

describe('clusters that close idle connections', () => {
  it('answer requests sent just after they closed the connections: no source fails', async () => {
    const ok = CLUSTERS.map((name) => ({ name, status: 'ok', namespaces: true }))
    expect(await askEverySource()).toEqual(ok)
    holdUntilLabClosedConnections()
    expect(await askEverySource()).toEqual(ok)
  })
})
