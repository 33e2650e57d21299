// Debian's real kubectl against the lab: get, get -w, create -f, patch (merge, json) and delete, on
// built-in kinds and on Istio's kinds.
import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from './lab'
import { eventually } from './test-client'

const KUBECTL = '/usr/bin/kubectl'
let lab: Lab
let dir: string
const args = (...rest: string[]) => [
  '--kubeconfig',
  lab.kubeconfigPath,
  '--cache-dir',
  join(dir, 'cache'),
  '--context',
  'prod-eu',
  ...rest,
]
const kubectl = async (...rest: string[]) =>
  (await promisify(execFile)(KUBECTL, args(...rest))).stdout

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lab-kubectl-'))
  lab = await startLab({ dir })
})
afterAll(() => lab?.stop())

const weights = async (name: string) =>
  JSON.parse(await kubectl('get', 'vs', name, '-n', 'bookinfo', '-o', 'json'))
    .spec.http.at(-1)
    .route.map((r: { weight: number }) => r.weight)

describe('kubectl against the lab', () => {
  it('gets built-in kinds and Istio kinds by plural and short name, across namespaces and contexts', async () => {
    const pods = await kubectl('get', 'pods', '-A')
    expect(pods).toMatch(/^NAMESPACE\s+NAME\s+/)
    expect(pods).toMatch(/istio-system\s+istiod-/)
    expect(pods).toMatch(/bookinfo\s+reviews-v3-/)
    expect(await kubectl('get', 'vs', '-A')).toMatch(/^NAMESPACE\s+NAME\s+GATEWAYS\s+HOSTS\s+AGE\n/)
    expect(await kubectl('get', 'vs', '-A')).toMatch(
      /shop\s+checkout\s+\["checkout.shop.svc.cluster.local"\]\s+\d+s\n/,
    )
    expect(await kubectl('get', 'deploy', '-n', 'bookinfo')).toMatch(
      /reviews-v1\s+2\/2\s+2\s+2\s+\d+s/,
    )
    expect(
      await kubectl('get', 'virtualservices.networking.istio.io', '-n', 'bookinfo', '-o', 'name'),
    ).toContain('virtualservice.networking.istio.io/reviews')
    expect(
      await kubectl(
        'get',
        'dr',
        'reviews',
        '-n',
        'bookinfo',
        '-o',
        'jsonpath={.spec.subsets[*].name}',
      ),
    ).toBe('v1 v2 v3')
    expect(
      await kubectl(
        'get',
        'deploy',
        'istiod',
        '-n',
        'istio-system',
        '-o',
        'jsonpath={.metadata.labels.app\\.kubernetes\\.io/version}',
      ),
    ).toBe('1.24.2')
    const staging = await promisify(execFile)(KUBECTL, [
      '--kubeconfig',
      lab.kubeconfigPath,
      '--cache-dir',
      join(dir, 'cache'),
      '--context',
      'staging',
      'get',
      'svc',
      '-n',
      'shop',
      '-o',
      'name',
    ])
    expect(staging.stdout.trim()).toBe('service/checkout')
    const canary = await promisify(execFile)(KUBECTL, [
      '--kubeconfig',
      lab.kubeconfigPath,
      '--cache-dir',
      join(dir, 'cache'),
      '--context',
      'staging',
      'get',
      'pods',
      '-n',
      'shop',
      '-l',
      'version=v2',
    ])
    expect(canary.stdout).toMatch(/checkout-v2-\w+-\w+\s+0\/1\s+Running\s+0\s+/)
  })

  it('patches with --type=merge and --type=json, on an Istio kind and a built-in kind', async () => {
    await kubectl(
      'patch',
      'vs',
      'ratings',
      '-n',
      'bookinfo',
      '--type=merge',
      '-p',
      '{"metadata":{"labels":{"patched":"merge"}}}',
    )
    expect(
      await kubectl(
        'get',
        'vs',
        'ratings',
        '-n',
        'bookinfo',
        '-o',
        'jsonpath={.metadata.labels.patched}',
      ),
    ).toBe('merge')
    await kubectl(
      'patch',
      'vs',
      'ratings',
      '-n',
      'bookinfo',
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/spec/http/0/route/0/weight","value":75},{"op":"replace","path":"/spec/http/0/route/1/weight","value":25}]',
    )
    expect(await weights('ratings')).toEqual([75, 25])
    await kubectl(
      'patch',
      'deployment',
      'details-v1',
      '-n',
      'bookinfo',
      '--type=merge',
      '-p',
      '{"spec":{"replicas":3}}',
    )
    await eventually(
      async () =>
        (await kubectl('get', 'pods', '-n', 'bookinfo', '-l', 'app=details', '-o', 'name'))
          .trim()
          .split('\n').length === 3,
    )
    await kubectl(
      'patch',
      'svc',
      'details',
      '-n',
      'bookinfo',
      '--type=json',
      '-p',
      '[{"op":"add","path":"/metadata/labels/tier","value":"backend"}]',
    )
    expect(
      await kubectl(
        'get',
        'svc',
        'details',
        '-n',
        'bookinfo',
        '-o',
        'jsonpath={.metadata.labels.tier}',
      ),
    ).toBe('backend')
    const failed = kubectl(
      'patch',
      'vs',
      'ratings',
      '-n',
      'bookinfo',
      '--type=json',
      '-p',
      '[{"op":"test","path":"/metadata/resourceVersion","value":"1"}]',
    )
    await expect(failed).rejects.toThrow(/test failed/)
  })

  it('creates from a file (--validate=false) and deletes, built-in and Istio kinds', async () => {
    const file = join(dir, 'new.yaml')
    writeFileSync(
      file,
      `apiVersion: v1
kind: Service
metadata: { name: reviews-preview, namespace: bookinfo }
spec: { selector: { app: reviews }, ports: [{ port: 9080 }] }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews-preview, namespace: bookinfo }
spec:
  hosts: [reviews-preview]
  http: [{ route: [{ destination: { host: reviews, subset: v3 } }] }]
`,
    )
    const created = await kubectl('create', '--validate=false', '-f', file)
    expect(created).toContain('service/reviews-preview created')
    expect(created).toContain('virtualservice.networking.istio.io/reviews-preview created')
    await expect(kubectl('create', '--validate=false', '-f', file)).rejects.toThrow(
      /AlreadyExists|already exists/,
    )
    const deleted = await kubectl('delete', '-f', file)
    expect(deleted).toContain('service "reviews-preview" deleted')
    expect(deleted).toContain('virtualservice.networking.istio.io "reviews-preview" deleted')
    await expect(kubectl('get', 'vs', 'reviews-preview', '-n', 'bookinfo')).rejects.toThrow(
      /NotFound|not found/,
    )
    expect(await kubectl('delete', 'pod', '-n', 'bookinfo', '-l', 'app=productpage')).toMatch(
      /pod "productpage-v1-\w+-\w+" deleted/,
    )
  })

  it('streams changes with get -w', async () => {
    const watcher = spawn(
      KUBECTL,
      args(
        'get',
        'vs',
        '-n',
        'bookinfo',
        '-w',
        '-o',
        'custom-columns=NAME:.metadata.name,WEIGHTS:.spec.http[*].route[*].weight',
      ),
    )
    let out = ''
    watcher.stdout.on('data', (d: Buffer) => (out += d.toString()))
    try {
      await eventually(() => out.includes('productpage'))
      await kubectl(
        'patch',
        'vs',
        'reviews',
        '-n',
        'bookinfo',
        '--type=json',
        '-p',
        '[{"op":"replace","path":"/spec/http/1/route/0/weight","value":60},{"op":"replace","path":"/spec/http/1/route/1/weight","value":35}]',
      )
      await eventually(() => /reviews\s+<none>,60,35,5|reviews\s+60,35,5/.test(out))
    } finally {
      watcher.kill()
    }
    expect(out.split('\n').filter((l) => l.startsWith('reviews')).length).toBe(2)
  })
})
