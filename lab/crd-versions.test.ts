// A mesh release serves the CRD versions it ships: Istio before 1.22 has no networking v1.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from './lab'
import { kubeClient } from './test-client'

const dir = mkdtempSync(join(tmpdir(), 'lab-crd-versions-'))
const scenario = (object: string) => {
  const path = join(dir, `scenario-${Math.random().toString(36).slice(2)}.yaml`)
  writeFileSync(
    path,
    `clusters:\n  - name: old\n    meshes: [{ kind: istio, version: 1.20.8 }]\n    objects:\n${object}`,
  )
  return path
}
const virtualService = (apiVersion: string) =>
  `      - { apiVersion: ${apiVersion}, kind: VirtualService, metadata: { name: reviews, namespace: prod }, spec: { hosts: [reviews] } }\n`

let lab: Lab
beforeAll(async () => {
  lab = await startLab({
    scenarioPath: scenario(virtualService('networking.istio.io/v1alpha3')),
    dir: join(dir, 'lab'),
  })
})
afterAll(() => lab?.stop())

describe('Istio 1.20', () => {
  it('serves networking.istio.io at v1beta1 (preferred) and v1alpha3, from one storage, and not at v1', async () => {
    const kube = kubeClient(lab, 'old')
    const group = await kube.call('GET', '/apis/networking.istio.io')
    expect(group.json.versions.map((v: { version: string }) => v.version)).toEqual([
      'v1beta1',
      'v1alpha3',
    ])
    expect(group.json.preferredVersion.version).toBe('v1beta1')
    const at = (version: string) =>
      kube.call(
        'GET',
        `/apis/networking.istio.io/${version}/namespaces/prod/virtualservices/reviews`,
      )
    expect((await at('v1beta1')).json.apiVersion).toBe('networking.istio.io/v1beta1')
    expect((await at('v1alpha3')).json.apiVersion).toBe('networking.istio.io/v1alpha3')
    expect((await at('v1')).status).toBe(404)
  })

  it('refuses a scenario object at networking.istio.io/v1, naming the versions it serves', async () => {
    await expect(
      startLab({
        scenarioPath: scenario(virtualService('networking.istio.io/v1')),
        dir: join(dir, 'refused'),
      }),
    ).rejects.toThrow(
      /VirtualService reviews\): networking\.istio\.io\/v1 is not served here \(its CRD serves v1beta1, v1alpha3\)/,
    )
  })
})
