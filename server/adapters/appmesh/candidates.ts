import 'server-only'
import { ListVirtualNodesCommand, type VirtualNodeRef } from '@aws-sdk/client-app-mesh'
import type { CandidateBackend } from '@/lib/schemas'
import type { AwsSource } from '@/server/sources/aws'
import { awsCall } from '@/server/sources/aws-call'
import { listAll } from './list-all'
import type { MeshRefKey, Routed } from './read'
import { targetsOf } from './split'

/** The names of a mesh's virtual nodes. */
export async function listNodeNames(
  source: AwsSource,
  mesh: MeshRefKey,
  signal: AbortSignal,
): Promise<string[]> {
  const refs = await listAll<VirtualNodeRef>(async (nextToken) => {
    const out = await awsCall(source, signal, (c, o) =>
      c.send(new ListVirtualNodesCommand({ ...mesh, nextToken, limit: 100 }), o),
    )
    return { items: out.virtualNodes, nextToken: out.nextToken }
  })
  return refs.map((r) => r.virtualNodeName!)
}

/**
 * A mesh's virtual node names, found by name and by each prefix that ends before a `-`
 * (`refunds-v3` under `refunds`), indexed once per listing rather than scanned per service.
 */
export class NodeNames {
  private readonly names: ReadonlySet<string>
  private readonly byPrefix = new Map<string, string[]>()

  constructor(names: readonly string[]) {
    this.names = new Set(names)
    for (const name of names)
      for (let i = name.indexOf('-'); i >= 0; i = name.indexOf('-', i + 1)) {
        const prefix = name.slice(0, i)
        const bucket = this.byPrefix.get(prefix)
        if (bucket) bucket.push(name)
        else this.byPrefix.set(prefix, [name])
      }
  }

  has(name: string): boolean {
    return this.names.has(name)
  }

  /** The nodes named `<prefix>-...`, in list order. */
  under(prefix: string): readonly string[] {
    return this.byPrefix.get(prefix) ?? []
  }
}

/**
 * The virtual nodes that serve a routed virtual service: those any route of its router targets,
 * and those named after it (`refunds-v3` for `refunds.payments-us.local`, the `<service>-<version>`
 * naming of App Mesh's own examples). A node-provided service has no route to add nodes to.
 */
export function servingNodes(routed: Routed, nodes: NodeNames): string[] {
  if (!('router' in routed)) return []
  const short = routed.service.virtualServiceName!.split('.')[0]!
  const targeted = routed.routes.flatMap((r) => targetsOf(r.spec).map((t) => t.virtualNode!))
  const named = nodes.under(short)
  return [...new Set([...targeted, ...named])]
}

/** The serving nodes the owned route does not target: App Mesh knows no replicas, a node is 1/1. */
export function nodeCandidates(
  serving: readonly string[],
  routedNow: readonly string[],
  nodes?: NodeNames,
): CandidateBackend[] {
  return serving
    .filter((n) => !routedNow.includes(n))
    .map((name) => ({
      name,
      weight: 0,
      ...(nodes && { replicas: 1, readyReplicas: nodes.has(name) ? 1 : 0 }),
    }))
}
