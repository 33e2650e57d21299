import { writeAwsFiles, type MeshpaneAwsConfig } from './files'
import { parseAwsScenario, type AwsScenario } from './scenario'
import { startAppMeshServer, type AppMeshServer } from './server'

export type AppMeshLab = AppMeshServer & { scenario: AwsScenario; config: MeshpaneAwsConfig }

/**
 * Starts the lab's AWS world for the `aws:` section of a scenario: the App Mesh + STS endpoint,
 * then the AWS config and credentials files under `<dir>/aws/`. The returned `config` is the
 * `aws` section to put into the Meshpane config written in the same `dir`.
 */
export async function startAppMeshLab(options: {
  aws: unknown
  dir: string
  port?: number
}): Promise<AppMeshLab> {
  const scenario = parseAwsScenario(options.aws)
  const server = await startAppMeshServer(scenario, options.port ?? 0)
  try {
    const config = await writeAwsFiles(options.dir, scenario, server.identities, server.endpoint)
    return { ...server, scenario, config }
  } catch (e) {
    await server.close()
    throw e
  }
}

export { parseAwsScenario, type AwsScenario } from './scenario'
export type { MeshpaneAwsConfig } from './files'
