import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '@/server/config/config'
import { probeSource } from '@/server/sources/probe'
import { awsSources } from '@/server/sources/aws'
import { startDemoLab, type DemoLab } from './world'

let lab: DemoLab
beforeAll(async () => {
  lab = await startDemoLab()
})
afterAll(() => lab.stop())

const configWith = async (aws: unknown) => {
  const file = path.join(lab.dir, 'meshpane.json')
  await writeFile(file, JSON.stringify({ aws }))
  return () => loadConfig({ MESHPANE_CONFIG: file })
}

describe('the aws section of the Meshpane config', () => {
  it('resolves the AWS files against the config folder and makes one source per account×region', async () => {
    const config = (await configWith(lab.config))()
    expect(config.aws?.credentialsFile).toBe(path.join(lab.dir, 'aws/credentials'))
    const sources = awsSources(config.aws)
    expect(sources.map((s) => s.ref.name)).toEqual([
      'platform/eu-west-1',
      'platform/us-east-1',
      'payments/eu-west-1',
      'payments/us-east-1',
      'payments/ap-southeast-2',
    ])
    const probed = await probeSource(sources[4]!, AbortSignal.timeout(5000))
    expect(probed).toMatchObject({
      name: 'payments/ap-southeast-2',
      kind: 'aws',
      status: 'ok',
      endpoint: lab.endpoint,
    })
  })

  it('reports a profile that is not in the files as a forbidden source, naming the profile', async () => {
    const config = (
      await configWith({ ...lab.config, accounts: [{ profile: 'nobody', regions: ['eu-west-1'] }] })
    )()
    const probed = await probeSource(awsSources(config.aws)[0]!, AbortSignal.timeout(5000))
    expect(probed.status).toBe('forbidden')
    expect(probed.error).toMatch(/nobody/)
  })

  it('names the bad field of a wrong aws section', async () => {
    const load = await configWith({
      ...lab.config,
      accounts: [{ profile: 'platform', regions: ['mars'], roleArn: 'admin' }],
    })
    expect(load).toThrow(ConfigError)
    expect(load).toThrow(
      /aws\.accounts\.0\.regions\.0.*region such as eu-west-1.*aws\.accounts\.0\.roleArn.*IAM role ARN/,
    )
  })
})
