import { z } from 'zod'
import type { ControlRoute } from '../control'
import { BehaviourSchema } from '../scenario'
import type { AppMeshHints } from './appmesh-flows'
import type { Behaviour } from './behaviour'
import type { TrafficHints } from './istio-flows'

/**
 * Behaviour set at run time through the control API, over the scenario's: a version (or App Mesh
 * virtual node) made faulty or healthy mid-test, taking effect from the next traffic tick.
 */
export class BehaviourKnobs {
  private readonly set = new Map<string, Behaviour>()
  private changes = 0

  /** The scenario's hints, with the knobs set now taking precedence. */
  kube(hints: TrafficHints): TrafficHints {
    return {
      ...hints,
      behaviour: (c, n, s, v) =>
        this.set.get(`kube/${c}/${n}/${s}/${v}`) ?? hints.behaviour?.(c, n, s, v),
      revision: () => this.changes + (hints.revision?.() ?? 0),
    }
  }

  appMesh(hints: AppMeshHints): AppMeshHints {
    return {
      ...hints,
      behaviour: (r, o, m, node) =>
        this.set.get(`appmesh/${m}/${node}`) ?? hints.behaviour?.(r, o, m, node),
    }
  }

  /**
   * `PUT /behaviour/<cluster>/<namespace>/<service>/<version>` or `PUT /behaviour/appmesh/<mesh>/<node>`
   * with `{ errorRate?, latencyMs?: { p50, p99 } }`; `DELETE` on the same path goes back to the
   * scenario's; `GET /behaviour` lists what is set.
   */
  routes(): ControlRoute[] {
    const path = /^\/behaviour\/((?:appmesh\/[^/]+\/[^/]+)|(?:[^/]+\/[^/]+\/[^/]+\/[^/]+))$/
    const key = (p: string) => (p.startsWith('appmesh/') ? p : `kube/${p}`)
    return [
      {
        method: 'GET',
        path: /^\/behaviour$/,
        handle: async () => ({ status: 200, body: Object.fromEntries(this.set) }),
      },
      {
        method: 'PUT',
        path,
        handle: async ([p], body) => {
          const parsed = BehaviourSchema.safeParse(body)
          if (!parsed.success)
            return { status: 400, body: { error: z.prettifyError(parsed.error) } }
          this.set.set(key(p!), parsed.data)
          this.changes++
          return { status: 200, body: parsed.data }
        },
      },
      {
        method: 'DELETE',
        path,
        handle: async ([p]) => {
          this.set.delete(key(p!))
          this.changes++
          return { status: 200, body: {} }
        },
      },
    ]
  }
}
