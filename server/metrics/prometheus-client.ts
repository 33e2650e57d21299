import 'server-only'
import { z } from 'zod'

/** Prometheus could not answer (down, slow, or refused the query); `reason` says which, in words. */
export class MetricsUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(reason)
    this.name = 'MetricsUnavailableError'
  }
}

const Sample = z.tuple([z.number(), z.string()])
const Series = z.object({ metric: z.record(z.string(), z.string()) })
const Envelope = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    data: z.discriminatedUnion('resultType', [
      z.object({
        resultType: z.literal('vector'),
        result: z.array(Series.extend({ value: Sample })),
      }),
      z.object({
        resultType: z.literal('matrix'),
        result: z.array(Series.extend({ values: z.array(Sample) })),
      }),
      z.object({ resultType: z.literal('scalar'), result: Sample }),
      z.object({ resultType: z.literal('string'), result: Sample }),
    ]),
    warnings: z.array(z.string()).optional(),
  }),
  z.object({ status: z.literal('error'), errorType: z.string(), error: z.string() }),
])

export type Point = { t: number; v: number }
export type VectorSample = { metric: Record<string, string>; value: number }
export type MatrixSeries = { metric: Record<string, string>; values: Point[] }

/**
 * A small client for Prometheus's HTTP API (also Thanos, Mimir, VictoriaMetrics): every call is
 * bounded twice, by the `timeout` parameter (Prometheus stops evaluating) and by an AbortSignal
 * (we stop waiting), and every failure becomes a MetricsUnavailableError naming the cause.
 */
export class PrometheusClient {
  constructor(
    readonly url: string,
    private readonly timeoutMs = 3000,
  ) {}

  async query(query: string, time?: Date): Promise<VectorSample[]> {
    const params: Record<string, string> = { query }
    if (time) params.time = String(time.getTime() / 1000)
    const data = await this.call('query', params)
    if (data.resultType !== 'vector')
      throw new MetricsUnavailableError(`expected a vector, got ${data.resultType}`)
    return data.result.map((s) => ({ metric: s.metric, value: Number(s.value[1]) }))
  }

  async queryRange(
    query: string,
    start: Date,
    end: Date,
    stepSeconds: number,
  ): Promise<MatrixSeries[]> {
    const data = await this.call('query_range', {
      query,
      start: String(start.getTime() / 1000),
      end: String(end.getTime() / 1000),
      step: String(stepSeconds),
    })
    if (data.resultType !== 'matrix')
      throw new MetricsUnavailableError(`expected a matrix, got ${data.resultType}`)
    return data.result.map((s) => ({
      metric: s.metric,
      values: s.values.map(([t, v]) => ({ t: t * 1000, v: Number(v) })),
    }))
  }

  private async call(endpoint: string, params: Record<string, string>) {
    const body = new URLSearchParams({
      ...params,
      timeout: `${Math.max(1, Math.floor(this.timeoutMs / 1000))}s`,
    })
    let res: Response
    try {
      res = await fetch(`${this.url.replace(/\/$/, '')}/api/v1/${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
        cache: 'no-store',
      })
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } }
      if (e.name === 'TimeoutError')
        throw new MetricsUnavailableError(
          `Prometheus at ${this.url} did not answer within ${this.timeoutMs} ms`,
        )
      throw new MetricsUnavailableError(
        `Prometheus at ${this.url} is unreachable: ${e.cause?.code ?? e.cause?.message ?? e.message}`,
      )
    }
    const text = await res.text()
    let parsed: z.infer<typeof Envelope>
    try {
      parsed = Envelope.parse(JSON.parse(text))
    } catch {
      throw new MetricsUnavailableError(
        `Prometheus at ${this.url} answered ${res.status} with no API envelope: ${text.slice(0, 200)}`,
      )
    }
    if (parsed.status === 'error')
      throw new MetricsUnavailableError(
        `Prometheus refused the query (${parsed.errorType}): ${parsed.error}`,
      )
    return parsed.data
  }
}
