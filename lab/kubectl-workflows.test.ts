// More of what operators do with kubectl against the lab: scale, apply (client- and server-side;
// --validate=false as the lab serves no OpenAPI), and the status subresource controllers write.
import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from './lab'
import { eventually, kubeClient } from './test-client'

let lab: Lab
let dir: string
const kubectlWith = async (env: Record<string, string>, ...rest: string[]) =>
  (
    await promisify(execFile)(
      '/usr/bin/kubectl',
      [
        ...['--kubeconfig', lab.kubeconfigPath, '--cache-dir', join(dir, 'cache')],
        ...['--context', 'prod-us', '-n', 'bookinfo', ...rest],
      ],
      { env: { ...process.env, ...env } },
    )
  ).stdout
const kubectl = (...rest: string[]) => kubectlWith({}, ...rest)

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lab-workflows-'))
  lab = await startLab({ dir })
})
afterAll(() => lab?.stop())

describe('kubectl workflows', () => {
  it('scales a deployment through the scale subresource', async () => {
    expect(await kubectl('scale', 'deployment', 'reviews-v3', '--replicas=3')).toContain('scaled')
    await eventually(
      async () =>
        (await kubectl('get', 'pods', '-l', 'app=reviews,version=v3', '-o', 'name'))
          .trim()
          .split('\n').length === 3,
    )
    expect(
      await kubectl('get', 'deploy', 'reviews-v3', '-o', 'jsonpath={.status.readyReplicas}'),
    ).toBe('3')
  })

  it('applies manifests client-side and server-side', async () => {
    const file = join(dir, 'vs.yaml')
    const manifest = (weight: number) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: applied, namespace: bookinfo }
spec:
  hosts: [applied]
  http: [{ route: [{ destination: { host: reviews, subset: v1 }, weight: ${weight} }, { destination: { host: reviews, subset: v2 }, weight: ${100 - weight} }] }]
`
    writeFileSync(file, manifest(90))
    expect(await kubectl('apply', '--validate=false', '-f', file)).toContain(
      'virtualservice.networking.istio.io/applied created',
    )
    writeFileSync(file, manifest(70))
    expect(await kubectl('apply', '--validate=false', '-f', file)).toContain('configured')
    expect(
      await kubectl('get', 'vs', 'applied', '-o', 'jsonpath={.spec.http[0].route[*].weight}'),
    ).toBe('70 30')
    writeFileSync(file, manifest(40).replace('name: applied', 'name: applied-ssa'))
    expect(await kubectl('apply', '--server-side', '--validate=false', '-f', file)).toContain(
      'serverside-applied',
    )
    expect(
      await kubectl('get', 'vs', 'applied-ssa', '-o', 'jsonpath={.spec.http[0].route[*].weight}'),
    ).toBe('40 60')
  })

  it('writes status only through the status subresource of a custom resource', async () => {
    const kube = kubeClient(lab, 'prod-us')
    const path = '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices/reviews'
    const status = { conditions: [{ type: 'Reconciled', status: 'True' }] }
    const ignored = await kube.call('PATCH', path, {
      contentType: 'application/merge-patch+json',
      body: { status },
    })
    expect(ignored.json.status).toBeUndefined()
    const written = await kube.call('PATCH', `${path}/status`, {
      contentType: 'application/merge-patch+json',
      body: { status, spec: { hosts: ['x'] } },
    })
    expect(written.status).toBe(200)
    expect(written.json.status).toEqual(status)
    expect(written.json.spec.hosts).toEqual(['reviews'])
    expect(written.json.metadata.generation).toBe(ignored.json.metadata.generation)
  })

  it('is named in managedFields as kubectl names itself, by command', async () => {
    const file = join(dir, 'fields.yaml')
    writeFileSync(
      file,
      `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: fields, namespace: bookinfo }
spec:
  hosts: [fields]
  http: [{ route: [{ destination: { host: reviews, subset: v1 }, weight: 90 }, { destination: { host: reviews, subset: v2 }, weight: 10 }] }]
`,
    )
    await kubectl('apply', '--validate=false', '-f', file)
    await kubectlWith(
      { KUBE_EDITOR: 'sed -i s/weight:\\ 10$/weight:\\ 20/' },
      'edit',
      '--validate=false',
      'vs',
      'fields',
    )
    await kubectl('label', 'vs', 'fields', 'team=books')
    await kubectl('scale', 'deployment', 'details-v1', '--replicas=2')
    const managers = async (...what: string[]) =>
      (
        JSON.parse(await kubectl('get', ...what, '-o', 'json', '--show-managed-fields')).metadata
          .managedFields as { manager: string; subresource?: string }[]
      ).map((e) => [e.manager, e.subresource ?? ''])
    expect(await managers('vs', 'fields')).toEqual([
      ['kubectl-client-side-apply', ''],
      ['kubectl-edit', ''],
      ['kubectl-label', ''],
    ])
    expect(await managers('deployment', 'details-v1')).toEqual([['kubectl', 'scale']])
  })
})
