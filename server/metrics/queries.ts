import 'server-only'

/**
 * The PromQL a mesh adapter gives for its proxies' metrics. Every query covers a whole mesh (all
 * its services at once) and is grouped by the labels named in `by`, so the number of queries
 * behind a page does not grow with the number of services. `selector` narrows a query (e.g. to
 * one service) with extra label matchers written as `name="value"` pairs, using `by`'s labels.
 */
export type MetricQueries = {
  /** The result labels that carry the service's namespace, its name, and the backend. */
  by: { namespace: string; service: string; backend: string }
  /** Requests per second, over `window` (a PromQL duration such as `1m`). */
  requests(window: string, selector?: string): string
  /** Successful (not 5xx) requests per second. */
  successes(window: string, selector?: string): string
  /** Latency quantile in ms (0 < q < 1). */
  latency(q: number, window: string, selector?: string): string
}
