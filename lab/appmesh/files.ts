import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Identities } from './identities'
import type { AwsScenario } from './scenario'

/** The `aws` section the lab adds to the Meshpane config it writes (paths relative to that file). */
export type MeshpaneAwsConfig = {
  configFile: string
  credentialsFile: string
  endpoint: string
  accounts: { profile: string; regions: string[]; roleArn?: string }[]
}

/**
 * Writes `<dir>/aws/config` and `<dir>/aws/credentials` with one profile per account, exactly
 * what `aws configure` would leave, and returns the Meshpane config section pointing at them.
 */
export async function writeAwsFiles(
  dir: string,
  scenario: AwsScenario,
  identities: Identities,
  endpoint: string,
): Promise<MeshpaneAwsConfig> {
  const awsDir = path.join(dir, 'aws')
  await mkdir(awsDir, { recursive: true })
  const accounts = Object.entries(scenario.accounts)
  const config = accounts
    .map(([name, spec]) => `[profile ${name}]\nregion = ${spec.regions[0]}\noutput = json\n`)
    .join('\n')
  const credentials = accounts
    .map(([name, spec]) => {
      const key = identities.longTerm[name]!
      // aws_account_id (AWS CLI 2.x) lets the SDK tell which account the key belongs to, without a call.
      return `[${name}]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\naws_account_id = ${spec.id}\n`
    })
    .join('\n')
  await writeFile(path.join(awsDir, 'config'), config)
  await writeFile(path.join(awsDir, 'credentials'), credentials, { mode: 0o600 })
  return {
    configFile: 'aws/config',
    credentialsFile: 'aws/credentials',
    endpoint,
    accounts: accounts.map(([profile, spec]) => ({
      profile,
      regions: spec.regions,
      ...(spec.roleArn ? { roleArn: spec.roleArn } : {}),
    })),
  }
}
