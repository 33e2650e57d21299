// Writes say who they are: what a cluster records of Meshpane's and kubectl's writes, and that
// neither makes a service look owned by something that would revert a change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kubectl } from '@/server/fixtures/kubectl'
import { MESHES_SCENARIO, startTestLab, type TestLab } from '@/server/fixtures/test-lab'
import { Inventory } from './inventory'

const SPLIT = '/apis/split.smi-spec.io/v1alpha2/namespaces/bookstore/trafficsplits/bookstore-split'
type ManagedFields = { metadata: { managedFields: { manager: string; fieldsV1: unknown }[] } }

let lab: TestLab
beforeAll(async () => {
  lab = await startTestLab({ scenarioPath: MESHES_SCENARIO })
})
afterAll(() => lab.stop())

describe('writes in managedFields', () => {
  it('name Meshpane and kubectl as the writers of their fields; neither makes the service owned', async () => {
    const source = lab.source('smi')
    const signal = () => AbortSignal.timeout(5000)
    await kubectl(lab.lab.kubeconfigPath, 'smi', [
      ...['label', 'trafficsplits.v1alpha2.split.smi-spec.io', 'bookstore-split'],
      ...['-n', 'bookstore', 'team=books'],
    ])
    const backends = [
      { service: 'bookstore-v1', weight: 60 },
      { service: 'bookstore-v2', weight: 40 },
    ]
    await source.kube.patch(SPLIT, 'merge', { spec: { backends } }, signal())
    const split = await source.kube.get<ManagedFields>(SPLIT, signal())
    expect(split.metadata.managedFields.map((e) => [e.manager, e.fieldsV1])).toEqual([
      ['kubectl-label', { 'f:metadata': { 'f:labels': { 'f:team': {} } } }],
      ['meshpane', { 'f:spec': { 'f:backends': {} } }],
    ])

    const inventory = new Inventory([source], 3000)
    const mesh = (await inventory.listMeshes()).items.find((m) => m.kind === 'smi')!
    const services = await inventory.listServices(mesh.id)
    expect(services.find((s) => s.name === 'bookstore')!.owner).toBeUndefined()
    // The same listing does name the owner of an object a controller rewrites.
    expect(services.find((s) => s.name === 'catalog')!.owner).toMatchObject({
      manager: 'argo-rollouts',
    })
  })
})
