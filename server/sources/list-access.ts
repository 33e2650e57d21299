import 'server-only'
import { TtlCache } from '@/server/cache/ttl-cache'
import { SourceUnavailableError } from '@/server/errors'
import type { KubeClient } from './kube-client'

/** A person's rights change rarely; a revoked one stops showing within this long. */
export const ACCESS_REVIEW_TTL_MS = 30_000

type AccessReview = { status?: { allowed?: boolean } }

/**
 * What a person may list of the shared watch cache, as the cluster answers SelfSubjectAccessReviews
 * made as them: everything, when they may list the kind across the cluster; else the namespaces
 * where they may (the kind is then `narrowed`: their view is partial). Answers are kept per person,
 * on their own client, so one person's rights never decide what another sees.
 */
export class ListAccess {
  private readonly reviews = new TtlCache<boolean>(ACCESS_REVIEW_TTL_MS, 5000, 'list-access')

  constructor(private readonly kube: KubeClient) {}

  /** Where the person may list the kind of `path` (a cluster-wide list path), or `namespace` only. */
  async scope(path: string, namespace: string | undefined, signal: AbortSignal) {
    const kind = resourceOf(path)
    if (namespace) {
      if (await this.may(kind, namespace, signal)) return 'all' as const
      throw this.refused(kind, namespace)
    }
    if (await this.may(kind, undefined, signal)) {
      this.kube.narrowed.delete(kind.resource)
      return 'all' as const
    }
    this.kube.narrowed.add(kind.resource)
    const namespaces = await this.kube.cache.list<{ metadata: { name: string } }>(
      '/api/v1/namespaces',
      undefined,
      signal,
    )
    const names = namespaces.map((n) => n.metadata.name)
    const allowed = await Promise.all(names.map((n) => this.may(kind, n, signal)))
    return new Set(names.filter((_, i) => allowed[i]))
  }

  private may(kind: Kind, namespace: string | undefined, signal: AbortSignal): Promise<boolean> {
    const key = `${kind.group}/${kind.resource} ${namespace ?? '*'}`
    return this.reviews.get(key, async () => {
      const review = await this.kube.request<AccessReview>({
        method: 'POST',
        path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: { verb: 'list', ...kind, namespace } },
        },
        signal,
      })
      return review.status?.allowed === true
    })
  }

  /** As the cluster's 403 for the list would say it. */
  private refused({ group, resource }: Kind, namespace: string) {
    const user = this.kube.impersonation?.user ?? 'meshpane'
    return new SourceUnavailableError(
      'forbidden',
      this.kube.context,
      `${resource} is forbidden: User "${user}" cannot list resource "${resource}" in API group "${group}" in the namespace "${namespace}"`,
    )
  }
}

type Kind = { group: string; resource: string }

/** `/api/v1/pods` is core `pods`; `/apis/<group>/<version>/<resource>` is `<group>` `<resource>`. */
function resourceOf(path: string): Kind {
  const parts = path.split('/')
  return path.startsWith('/api/')
    ? { group: '', resource: parts[3]! }
    : { group: parts[2]!, resource: parts[4]! }
}
