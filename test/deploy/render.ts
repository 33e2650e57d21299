// The install manifests as `kubectl kustomize` renders them (kubectl's built-in kustomize, the tool
// an operator runs), parsed into objects.
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { parseAllDocuments } from 'yaml'

const run = promisify(execFile)

export const DEPLOY = path.resolve(__dirname, '..', '..', 'deploy')
export const BASE = path.join(DEPLOY, 'base')
export const POSTGRES = path.join(DEPLOY, 'overlays', 'postgres')

export type Manifest = {
  apiVersion: string
  kind: string
  metadata: { name: string }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are read field by field
  [k: string]: any
}

export async function render(dir: string): Promise<Manifest[]> {
  const { stdout } = await run('kubectl', ['kustomize', dir], { timeout: 30_000 })
  return parseAllDocuments(stdout).map((d) => d.toJS() as Manifest)
}

/** The one object of `kind` (named `prefix`, or `prefix-<hash>` for a generated one). */
export function one(objects: Manifest[], kind: string, prefix?: string): Manifest {
  const found = objects.filter(
    (o) =>
      o.kind === kind &&
      (prefix === undefined ||
        o.metadata.name === prefix ||
        o.metadata.name.startsWith(`${prefix}-`)),
  )
  if (found.length !== 1) throw new Error(`${found.length} ${kind} ${prefix ?? ''} rendered`)
  return found[0]!
}
