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
  /** Requests per second, over `window` (a PromQL duration such as `1m`). */
  requests(window: string, selector?: ServiceSelector): string
  /** Successful (not 5xx) requests per second. */
  successes(window: string, selector?: ServiceSelector): string
  /** Latency quantile in ms (0 < q < 1). */
  latency(q: number, window: string, selector?: ServiceSelector): string
}

/** A PromQL string literal's content (label values are user data: names, contexts). */
export const promString = (v: string) => v.replace(/["\\]/g, '\\$&')

/** A label value matched literally inside a PromQL (RE2) regex, escaped for the string literal. */
export const promRegexLiteral = (v: string) => promString(v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
