import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { GET } from '@/app/readyz/route'
import { getAudit } from '@/server/changes'
import { freePort } from '@/server/fixtures/free-port'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshpane-readyz-'))
const withConfig = (name: string, content: string) => {
  const file = path.join(dir, `${name}.json`)
  fs.writeFileSync(file, content)
  process.env.MESHPANE_CONFIG = file
}
const ready = async () => {
  const answer = await GET()
  return { status: answer.status, body: await answer.json() }
}

afterAll(async () => {
  await (await getAudit()).close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('/readyz', () => {
  it('is 503 naming the check when the audit database does not answer, and says no more', async () => {
    const port = await freePort() // nothing listens there
    withConfig(
      'pg',
      JSON.stringify({ storage: { postgresUrl: `postgres://meshpane@127.0.0.1:${port}/m` } }),
    )
    expect(await ready()).toEqual({
      status: 503,
      body: {
        status: 'not-ready',
        checks: { config: 'ok', database: 'failed', shuttingDown: false },
      },
    })
  })

  it('is 503 when the config does not load', async () => {
    withConfig('broken', '{ "sourceTimeoutMs": "soon" }')
    expect(await ready()).toMatchObject({ status: 503, body: { checks: { config: 'failed' } } })
  })

  it('is 200 once the config loads and the database answers', async () => {
    withConfig('embedded', JSON.stringify({ storage: { dir: path.join(dir, 'data') } }))
    await getAudit() // opened before serving, by the start checks
    expect(await ready()).toEqual({
      status: 200,
      body: { status: 'ready', checks: { config: 'ok', database: 'ok', shuttingDown: false } },
    })
  }, 60_000) // opening the embedded database (WebAssembly) is slow on a loaded machine
})
