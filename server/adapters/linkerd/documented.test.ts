import { describe, expect, it } from 'vitest'
import { ready, documentedLab } from '@/server/fixtures/documented'

const lab = documentedLab()

type HttpRoute = {
  spec: { parentRefs: unknown; rules: { backendRefs: { name: string; weight: number }[] }[] }
}

// Linkerd's "Traffic Shifting" task (linkerd/website linkerd.io/content/2-edge/tasks/traffic-shifting.md).
describe("Linkerd's traffic shifting task: an HTTPRoute whose parent has group core", () => {
  it('lists the parent Service bb, itself a backend, and writes the weights, the parent left as written', async () => {
    const bb = await lab.serviceIn('linkerd-docs', 'linkerd', 'traffic-shift-demo', 'bb')
    expect(bb.backends).toEqual([ready('bb', 90), ready('bb-v2', 10)])
    await lab.shift(bb.id, { bb: 70, 'bb-v2': 30 })
    const route = await lab.getJson<HttpRoute>(
      'linkerd-docs',
      'httproutes.v1beta2.policy.linkerd.io',
      'bb-route',
      '-n',
      'traffic-shift-demo',
    )
    expect(route.spec.parentRefs).toEqual([
      { name: 'bb', kind: 'Service', group: 'core', port: 8080 },
    ])
    expect(route.spec.rules[0]!.backendRefs.map((b) => [b.name, b.weight])).toEqual([
      ['bb', 70],
      ['bb-v2', 30],
    ])
  })
})
