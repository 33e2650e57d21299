import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { KubeService, Pod } from './objects'
import { serviceReadiness } from './readiness'
import { indexWorkloads, LabelIndex } from './workload-index'

const pod = (
  name: string,
  namespace: string | undefined,
  labels?: Record<string, string>,
): Pod => ({
  metadata: { name, ...(namespace && { namespace }), ...(labels && { labels }) },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
})
const service = (
  name: string,
  namespace: string | undefined,
  selector?: Record<string, string>,
): KubeService => ({
  metadata: { name, ...(namespace && { namespace }) },
  spec: { ...(selector && { selector }), ports: [{ port: 80 }] },
})

/** What the adapters scanned before the index: every pod of the namespace holding every entry. */
const linearMatch = (pods: readonly Pod[], namespace: string, selector: Record<string, string>) =>
  Object.keys(selector).length === 0
    ? []
    : pods.filter(
        (p) =>
          (p.metadata.namespace ?? 'default') === namespace &&
          Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v),
      )

describe('LabelIndex', () => {
  // Few keys and values, so selectors often match several pods and often none.
  const labels = fc.dictionary(fc.constantFrom('app', 'version', 'tier'), fc.constantFrom('a', 'b'))
  const namespace = fc.constantFrom('default', 'shop', undefined)

  it('selects the same pods, in the same order, as a scan of the whole list', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(namespace, fc.option(labels, { nil: undefined })), { maxLength: 30 }),
        fc.constantFrom('default', 'shop'),
        labels,
        (specs, ns, selector) => {
          const pods = specs.map(([n, l], i) => pod(`p${i}`, n, l))
          const index = new LabelIndex(pods, (p) => p.metadata.labels)
          expect(index.matching(ns, selector)).toEqual(linearMatch(pods, ns, selector))
        },
      ),
    )
  })

  it('finds the first object of a name, taking one listed without namespace to be in default', () => {
    const first = service('reviews', undefined, { app: 'reviews' })
    const index = new LabelIndex(
      [first, service('reviews', 'default', { app: 'other' }), service('reviews', 'shop')],
      (s) => s.spec?.selector,
    )
    expect(index.get('default', 'reviews')).toBe(first)
    expect(index.get('shop', 'reviews')?.metadata.namespace).toBe('shop')
    expect(index.get('prod', 'reviews')).toBeUndefined()
  })
})

describe('serviceReadiness over the index', () => {
  const world = indexWorkloads(
    [
      service('reviews', 'shop', { app: 'reviews' }),
      service('reviews-v2', 'shop', { app: 'reviews', version: 'v2' }),
      service('external', 'shop'),
      service('ratings', undefined, { app: 'ratings' }),
    ],
    [
      pod('reviews-v1', 'shop', { app: 'reviews', version: 'v1' }),
      {
        ...pod('reviews-v2', 'shop', { app: 'reviews', version: 'v2' }),
        status: { phase: 'Pending' },
      },
      pod('reviews-elsewhere', 'prod', { app: 'reviews', version: 'v1' }),
      pod('ratings', undefined, { app: 'ratings' }),
      pod('unlabelled', 'shop'),
    ],
  )

  it('counts the pods of the Service’s namespace its selector picks, and those ready', () => {
    expect(serviceReadiness(world, 'shop', 'reviews')).toEqual({ replicas: 2, readyReplicas: 1 })
    expect(serviceReadiness(world, 'shop', 'reviews-v2')).toEqual({ replicas: 1, readyReplicas: 0 })
  })

  it('narrows by a per-pod predicate', () => {
    const v1 = (p: Pod) => p.metadata.labels?.version === 'v1'
    expect(serviceReadiness(world, 'shop', 'reviews', v1)).toEqual({
      replicas: 1,
      readyReplicas: 1,
    })
  })

  it('selects nothing for a Service without selector or a Service that is not there', () => {
    expect(serviceReadiness(world, 'shop', 'external')).toEqual({ replicas: 0, readyReplicas: 0 })
    expect(serviceReadiness(world, 'shop', 'missing')).toEqual({ replicas: 0, readyReplicas: 0 })
  })

  it('takes objects listed without namespace to be in default', () => {
    expect(serviceReadiness(world, 'default', 'ratings')).toEqual({ replicas: 1, readyReplicas: 1 })
  })
})
