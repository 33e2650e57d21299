import 'server-only'

/** One service, to narrow a query to (the adapter turns it into its own label matchers). */
export type ServiceSelector = { namespace: string; name: string }

/**
 * The PromQL a mesh adapter gives for its proxies' metrics. Every query covers a whole mesh (all
 * its services at once) and is grouped by the labels named in `by`, so the number of queries
 * behind a page does not grow with the number of services. `selector` narrows a query to one
 * service; the adapter writes the matchers, as `by`'s labels may be derived (`label_replace`).
 */
export type MetricQueries = {
  /**
   * The result labels that carry the service's namespace, its name, and the backend. No `service`:
   * the proxies count per backend only (App Mesh's Envoy counts per virtual node, whichever virtual
   * service routed the request), so a service's figures are those of its backends in the namespace.
   */
  by: { namespace: string; service?: string; backend: string }
  /**
   * The result labels naming who made each request (the caller's app, its namespace and cluster)
   * and the cluster that answered, where the proxies report them; absent: every caller is unknown.
   * Passing some of them in `groups` adds them to a query's grouping (the service graph).
   */
  callers?: CallerLabels
  /** Requests per second, over `window` (a PromQL duration such as `1m`). */
  requests(window: string, selector?: ServiceSelector, groups?: string[]): string
  /** Successful (not 5xx) requests per second. */
  successes(window: string, selector?: ServiceSelector, groups?: string[]): string
  /** Latency quantile in ms (0 < q < 1). */
  latency(q: number, window: string, selector?: ServiceSelector, groups?: string[]): string
}

/** Raw labels of the caller's side; the app is `unknown` for requests from outside the mesh (Istio). */
export type CallerLabels = {
  app: string
  namespace: string
  cluster?: string
  destinationCluster?: string
}

/** A query's grouping: `groups` when given (the graph's), else the mesh's `by` labels. */
export const groupingOf = (by: MetricQueries['by'], groups?: string[]) =>
  (groups ?? [by.namespace, by.service, by.backend].filter((l): l is string => !!l)).join(', ')

/** A PromQL string literal's content (label values are user data: names, contexts). */
export const promString = (v: string) => v.replace(/["\\]/g, '\\$&')

/** A label value matched literally inside a PromQL (RE2) regex, escaped for the string literal. */
export const promRegexLiteral = (v: string) => promString(v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))

/**
 * The shape most meshes' queries share: rates summed per a few raw labels (`inner`), the `by`
 * labels derived from those (`derive`: label_replace, label_join), then summed per `by`.
 */
export type DerivedQueries = {
  by: MetricQueries['by']
  callers?: CallerLabels
  inner: string
  derive(expr: string): string
  /** The mesh's label matchers, narrowed to one service when given. */
  matchers(selector?: ServiceSelector): (string | undefined)[]
  /** The response counter, the matcher of its successful responses, and the latency histogram. */
  responses: string
  success: string
  latencyBuckets: string
}

export function derivedQueries(q: DerivedQueries): MetricQueries {
  const derived = new Set([q.by.namespace, q.by.service, q.by.backend])
  const sum = (
    metric: string,
    w: string,
    s?: ServiceSelector,
    extra?: string,
    le = '',
    groups?: string[],
  ) => {
    const matchers = [...q.matchers(s), extra].filter(Boolean).join(',')
    // Raw labels grouped by (the caller's) pass through the inner sum; derived ones come after it.
    const raw = (groups ?? []).filter((l) => !derived.has(l) && !q.inner.split(', ').includes(l))
    const inner = [q.inner, ...raw].join(', ')
    return `sum by (${le}${groupingOf(q.by, groups)}) (${q.derive(`sum by (${le}${inner}) (rate(${metric}{${matchers}}[${w}]))`)})`
  }
  return {
    by: q.by,
    ...(q.callers && { callers: q.callers }),
    requests: (w, s, g) => sum(q.responses, w, s, undefined, '', g),
    successes: (w, s, g) => sum(q.responses, w, s, q.success, '', g),
    latency: (quantile, w, s, g) =>
      `histogram_quantile(${quantile}, ${sum(q.latencyBuckets, w, s, undefined, 'le, ', g)})`,
  }
}
