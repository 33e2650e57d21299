import { describe, expect, it } from 'vitest'
import { ready, documentedLab } from '@/server/fixtures/documented'

const lab = documentedLab()

const splits = async (namespace: string, name: string) =>
  (
    await lab.getJson<{ spec: { splits: Record<string, unknown>[] } }>(
      'consul-docs',
      'servicesplitters.consul.hashicorp.com',
      name,
      '-n',
      namespace,
    )
  ).spec.splits

// Consul's service-splitter reference (hashicorp/consul website/content/docs/connect/config-entries/
// service-splitter.mdx), its examples as Kubernetes YAML.
describe("Consul's service-splitter reference", () => {
  it('"Set HTTP headers": two subsets, whose response headers stay as written', async () => {
    const web = await lab.serviceIn('consul-docs', 'consul', 'default', 'web')
    expect(web.backends).toEqual([ready('v1', 90), ready('v2', 10)])
    await lab.shift(web.id, { v1: 70, v2: 30 })
    expect(await splits('default', 'web')).toEqual([
      { weight: 70, serviceSubset: 'v1', responseHeaders: { set: { 'x-web-version': 'v1' } } },
      { weight: 30, serviceSubset: 'v2', responseHeaders: { set: { 'x-web-version': 'v2' } } },
    ])
  })

  it('"Two different services": the splitter\'s own service, named by nothing, and web-rewrite', async () => {
    const web = await lab.serviceIn('consul-docs', 'consul', 'rewrite', 'web')
    expect(web.backends).toEqual([ready('web', 50), ready('web-rewrite', 50)])
    await lab.shift(web.id, { web: 80, 'web-rewrite': 20 })
    expect(await splits('rewrite', 'web')).toEqual([
      { weight: 80 },
      { weight: 20, service: 'web-rewrite' },
    ])
  })

  it('a split naming service, subset and namespace is a backend of its own name, ready as that namespace is', async () => {
    const checkout = await lab.serviceIn('consul-docs', 'consul', 'default', 'checkout')
    expect(checkout.backends).toEqual([ready('v1', 90), ready('v2.checkout.canary', 10)])
    await lab.shift(checkout.id, { v1: 50, 'v2.checkout.canary': 50 })
    expect(await splits('default', 'checkout')).toEqual([
      { weight: 50, serviceSubset: 'v1' },
      { weight: 50, service: 'checkout', serviceSubset: 'v2', namespace: 'canary' },
    ])
  })
})
