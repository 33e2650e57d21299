// managedFields as the lab's API servers record them: who wrote which fields, over HTTPS.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../lab'
import { kubeClient } from '../test-client'

let lab: Lab
let kube: ReturnType<typeof kubeClient>
const VS = '/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices'

beforeAll(async () => {
  lab = await startLab({ dir: mkdtempSync(join(tmpdir(), 'lab-fields-')) })
  kube = kubeClient(lab, 'prod-eu')
})
afterAll(() => lab?.stop())

const merge = (body: unknown, userAgent?: string) => ({
  contentType: 'application/merge-patch+json',
  body,
  userAgent,
})
const route = (v1: number, v2: number) => ({
  spec: {
    http: [
      {
        route: [
          { destination: { host: 'fields', subset: 'v1' }, weight: v1 },
          { destination: { host: 'fields', subset: 'v2' }, weight: v2 },
        ],
      },
    ],
  },
})
type Entry = { manager: string; fieldsV1?: object }
const managers = (obj: { metadata: { managedFields?: Entry[] } }) =>
  Object.fromEntries((obj.metadata.managedFields ?? []).map((e) => [e.manager, e]))

describe('managedFields', () => {
  it('names each writer by fieldManager, else by its User-Agent, and moves the fields it changed to it', async () => {
    const created = await kube.call('POST', `${VS}?fieldManager=gitops-bot`, {
      body: {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'fields', labels: { team: 'books' } },
        spec: { hosts: ['fields'], ...route(90, 10).spec },
      },
    })
    expect(created.json.metadata.managedFields).toEqual([
      {
        manager: 'gitops-bot',
        operation: 'Update',
        apiVersion: 'networking.istio.io/v1',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:team': {} } },
          'f:spec': { 'f:hosts': {}, 'f:http': {} },
        },
      },
    ])
    const patched = await kube.call(
      'PATCH',
      `${VS}/fields`,
      merge(route(70, 30), 'meshpane/0.1.0 (linux)'),
    )
    expect(managers(patched.json)).toEqual({
      'gitops-bot': expect.objectContaining({
        fieldsV1: { 'f:metadata': { 'f:labels': { 'f:team': {} } }, 'f:spec': { 'f:hosts': {} } },
      }),
      meshpane: expect.objectContaining({
        operation: 'Update',
        fieldsV1: { 'f:spec': { 'f:http': {} } },
      }),
    })
    const relabelled = await kube.call(
      'PATCH',
      `${VS}/fields`,
      merge({ metadata: { labels: { team: null } } }),
    )
    expect(managers(relabelled.json)['gitops-bot']?.fieldsV1).toEqual({
      'f:spec': { 'f:hosts': {} },
    })
  })

  it('leaves resourceVersion and managedFields as they were when a write changes nothing', async () => {
    const before = (await kube.call('GET', `${VS}/fields`)).json
    const again = await kube.call(
      'PATCH',
      `${VS}/fields?fieldManager=someone-else`,
      merge(route(70, 30)),
    )
    expect(again.json.metadata.resourceVersion).toBe(before.metadata.resourceVersion)
    expect(again.json.metadata.managedFields).toEqual(before.metadata.managedFields)
  })

  it('keeps managedFields a write sets itself, as a client resetting them does', async () => {
    const entry = {
      manager: 'flux',
      operation: 'Apply',
      apiVersion: 'networking.istio.io/v1',
      time: '2026-01-01T00:00:00Z',
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:http': {} } },
    }
    const reset = await kube.call(
      'PATCH',
      `${VS}/fields`,
      merge({ metadata: { managedFields: [entry] } }),
    )
    expect(reset.json.metadata.managedFields).toEqual([entry])
  })

  it('records a server-side apply as Apply of the applied fields, and status writes under their subresource', async () => {
    const applied = await kube.call('PATCH', `${VS}/fields?fieldManager=applier`, {
      contentType: 'application/apply-patch+yaml',
      body: 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: fields }\nspec: { gateways: [mesh] }\n',
    })
    expect(managers(applied.json).applier).toMatchObject({
      operation: 'Apply',
      fieldsV1: { 'f:spec': { 'f:gateways': {} } },
    })
    const status = await kube.call(
      'PATCH',
      `${VS}/fields/status?fieldManager=pilot`,
      merge({ status: { observedGeneration: 3 } }),
    )
    expect(managers(status.json).pilot).toMatchObject({
      operation: 'Update',
      subresource: 'status',
      fieldsV1: { 'f:status': { 'f:observedGeneration': {} } },
    })
  })
})
