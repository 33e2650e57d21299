import { readFile, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { AppMeshClient } from '@aws-sdk/client-app-mesh'
import { parse } from 'yaml'
import { startAppMeshLab, type AppMeshLab } from './index'

/** Starts the lab's AWS world of the demo scenario alone, in a temporary folder, for tests. */
export async function startDemoAwsLab(
  overrides: Record<string, unknown> = {},
): Promise<AppMeshLab & { dir: string; stop(): Promise<void> }> {
  const text = await readFile(path.join(__dirname, '..', 'scenarios', 'demo.yaml'), 'utf8')
  const aws = {
    ...(parse(text, { merge: true }) as { aws: Record<string, unknown> }).aws,
    ...overrides,
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'appmesh-lab-'))
  const lab = await startAppMeshLab({ aws, dir })
  return {
    ...lab,
    dir,
    stop: async () => (await lab.close(), await rm(dir, { recursive: true, force: true })),
  }
}

/** A real SDK client acting as one of the lab's accounts through its long-term key. */
export function clientFor(
  lab: AppMeshLab,
  account: string,
  region: string,
  maxAttempts = 3,
): AppMeshClient {
  return new AppMeshClient({
    endpoint: lab.endpoint,
    region,
    credentials: lab.identities.longTerm[account]!,
    maxAttempts,
  })
}
