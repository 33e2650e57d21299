// The watch cache against the lab over HTTPS: lists answered from memory, and a watch broken by
// 410 Gone (a history of 3 events) that lists again and loses no change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kubectl } from '@/server/fixtures/kubectl'
import { until } from '@/server/fixtures/poll'
import { startTestLab, type TestLab } from '@/server/fixtures/test-lab'
import { ClusterCache } from './cluster-cache'

let lab: TestLab
const SERVICES = '/api/v1/services'
const signal = () => AbortSignal.timeout(5000)
const admin = (args: string[], stdin?: string) =>
  kubectl(lab.lab.kubeconfigPath, 'east', args, stdin)

/** A ClusterRole that lets `watcher` list Services, and watch them while `watch` is true. */
const watcherRole = (watch: boolean) =>
  JSON.stringify({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'service-watcher' },
    rules: [
      { apiGroups: [''], resources: ['services'], verbs: watch ? ['list', 'watch'] : ['list'] },
    ],
  })
const watcherBinding = JSON.stringify({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: 'service-watcher' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'service-watcher' },
  subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'watcher' }],
})
const service = (name: string) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'bookinfo' },
    spec: { selector: { app: name }, ports: [{ port: 9080 }] },
  })

beforeAll(async () => {
  lab = await startTestLab({ historyLimit: 3 })
})
afterAll(() => lab?.stop())

type Named = { metadata: { name: string; namespace?: string } }
const namesIn = async (cache: ClusterCache) =>
  (await cache.list<Named>(SERVICES, undefined, signal())).map((s) => s.metadata.name)

describe('ClusterCache', () => {
  it('answers lists from memory once listed: more listings send the cluster nothing', async () => {
    const cache = new ClusterCache(lab.source('east').kube)
    try {
      expect(await namesIn(cache)).toContain('reviews')
      const before = (await lab.lab.control.requestsBesideWatches()).east
      for (let i = 0; i < 5; i++) expect(await namesIn(cache)).toContain('reviews')
      expect((await lab.lab.control.requestsBesideWatches()).east).toBe(before)
    } finally {
      cache.close()
    }
  })

  it('relists after 410 Gone and carries on, losing no change made while it could not watch', async () => {
    await admin(['apply', '-f', '-'], watcherRole(true))
    await admin(['apply', '-f', '-'], watcherBinding)
    const cache = new ClusterCache(lab.source('east').kube.as({ user: 'watcher', groups: [] }))
    try {
      expect(await namesIn(cache)).toContain('ratings')
      // Watching is no longer allowed, and the open watch is cut: the cache is stale.
      await admin(['apply', '-f', '-'], watcherRole(false))
      await lab.lab.control.setFault('east', 'forbidden')
      await lab.lab.control.setFault('east', 'none')
      await until(async () => cache.staleness() !== undefined, 10_000, 'the watch broken')

      // More changes than the cluster's history keeps (3), so resuming the watch gets 410.
      for (const name of ['added-1', 'added-2', 'added-3'])
        await admin(['create', '-f', '-'], service(name))
      await admin(['delete', 'service', 'ratings', '-n', 'bookinfo'])
      expect(await namesIn(cache)).toContain('ratings') // still its last-known state

      await lab.lab.control.resetRequestCounts()
      await admin(['apply', '-f', '-'], watcherRole(true))
      cache.retryNow()
      await until(
        async () => {
          const names = await namesIn(cache)
          return names.includes('added-3') && !names.includes('ratings')
        },
        15_000,
        'the changes made meanwhile listed',
      )
      expect(cache.staleness()).toBeUndefined()
      const counts = (await lab.lab.control.requestCounts()).east!
      expect(counts.byVerbResource['list services']).toBeGreaterThanOrEqual(1) // it listed again

      // And it watches again: a change now arrives without another list.
      await admin(['create', '-f', '-'], service('added-4'))
      await until(async () => (await namesIn(cache)).includes('added-4'), 10_000, 'watched again')
    } finally {
      cache.close()
    }
  })
})
