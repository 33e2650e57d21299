import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../lab'
import { meshFlows } from './mesh-flows'

describe('traffic of the meshes scenario', () => {
  let lab: Lab
  const dir = mkdtempSync(join(tmpdir(), 'mesh-flows-'))
  beforeAll(async () => {
    lab = await startLab({ scenarioPath: resolve(__dirname, '../scenarios/meshes.yaml'), dir })
  })
  afterAll(async () => {
    await lab.stop()
    rmSync(dir, { recursive: true, force: true })
  })
  const flows = (cluster: string) =>
    Object.fromEntries(
      meshFlows(cluster, lab.clusters[cluster]!.kube.store).map((f) => [
        f.service,
        { proxy: f.proxy, backends: f.backends.map((b) => [b.name, b.weight]) },
      ]),
    )

  it('reports Linkerd traffic in Linkerd format, split by the HTTPRoutes, backends not called directly', () => {
    expect(flows('linkerd')).toEqual({
      emoji: {
        proxy: 'linkerd',
        backends: [
          ['emoji-v1', 1],
          ['emoji-v2', 1],
        ],
      },
      voting: {
        proxy: 'linkerd',
        backends: [
          ['voting-v1', 900],
          ['voting-v2', 100],
        ],
      },
      web: {
        proxy: 'linkerd',
        backends: [
          ['web-primary', 100],
          ['web-canary', 0],
        ],
      },
    })
  })

  it('follows the VirtualService where it and an HTTPRoute route one service', () => {
    expect(flows('mixed')).toEqual({
      reviews: {
        proxy: 'istio',
        backends: [
          ['v1', 80],
          ['v2', 20],
        ],
      },
      ratings: {
        proxy: 'istio',
        backends: [
          ['ratings-v1', 950000],
          ['ratings-v2', 50000],
        ],
      },
    })
  })
})
