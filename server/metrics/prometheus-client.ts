import 'server-only'
import { readFile } from 'node:fs/promises'
import http from 'node:http'
import https from 'node:https'
import { z } from 'zod'
import type { PrometheusConfig } from '@/server/config/prometheus'
import { safeUrl } from '@/server/redact'

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

/** Where Prometheus answers and how to authenticate; the `prometheus` section of the config. */
export type PrometheusConnection = Pick<
  PrometheusConfig,
  'url' | 'basicAuth' | 'authorization' | 'tls'
> & {
  timeoutMs?: number
}

/**
 * A small client for Prometheus's HTTP API (also Thanos, Mimir, VictoriaMetrics): every call is
 * bounded twice, by the `timeout` parameter (Prometheus stops evaluating) and by an AbortSignal
 * (we stop waiting), and every failure becomes a MetricsUnavailableError naming the cause.
 * Credentials and the CA are read from their files on every call, so a rotated secret applies
 * at once, and never appear in a message.
 */
export class PrometheusClient {
  private readonly timeoutMs: number
  /** The URL as messages show it: no credentials, query or fragment. */
  private readonly where: string

  constructor(private readonly connection: PrometheusConnection) {
    this.timeoutMs = connection.timeoutMs ?? 3000
    this.where = safeUrl(connection.url)
  }

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
    const form = new URLSearchParams({
      ...params,
      timeout: `${Math.max(1, Math.floor(this.timeoutMs / 1000))}s`,
    }).toString()
    const url = new URL(`${this.connection.url.replace(/\/$/, '')}/api/v1/${endpoint}`)
    const signal = AbortSignal.timeout(this.timeoutMs)
    let res: { status: number; text: string }
    try {
      res = await post(url, form, await this.requestOptions(), signal)
    } catch (err) {
      if (err instanceof MetricsUnavailableError) throw err
      if (signal.aborted)
        throw new MetricsUnavailableError(
          `Prometheus at ${this.where} did not answer within ${this.timeoutMs} ms`,
        )
      const e = err as NodeJS.ErrnoException
      throw new MetricsUnavailableError(
        `Prometheus at ${this.where} is unreachable: ${e.code ?? e.message}`,
      )
    }
    if (res.status === 401 || res.status === 403)
      throw new MetricsUnavailableError(
        `Prometheus at ${this.where} refused our credentials (HTTP ${res.status})`,
      )
    let parsed: z.infer<typeof Envelope>
    try {
      parsed = Envelope.parse(JSON.parse(res.text))
    } catch {
      throw new MetricsUnavailableError(
        `Prometheus at ${this.where} answered ${res.status} with no API envelope: ${res.text.slice(0, 200)}`,
      )
    }
    if (parsed.status === 'error')
      throw new MetricsUnavailableError(
        `Prometheus refused the query (${parsed.errorType}): ${parsed.error}`,
      )
    return parsed.data
  }

  /** Headers and TLS settings of one call, from the files the config names. */
  private async requestOptions(): Promise<https.RequestOptions> {
    const { basicAuth, authorization, tls } = this.connection
    const headers: http.OutgoingHttpHeaders = {
      'content-type': 'application/x-www-form-urlencoded',
    }
    if (basicAuth) {
      const password = await secret('basicAuth.passwordFile', basicAuth.passwordFile)
      headers.authorization = `Basic ${Buffer.from(`${basicAuth.username}:${password}`).toString('base64')}`
    }
    if (authorization)
      headers.authorization = `${authorization.type} ${await secret('authorization.credentialsFile', authorization.credentialsFile)}`
    return {
      method: 'POST',
      headers,
      ...(tls?.caFile && { ca: await secret('tls.caFile', tls.caFile) }),
      rejectUnauthorized: !tls?.insecureSkipVerify,
      // A connection per call: none sits idle for Prometheus or a proxy to close under us.
      agent: false,
    }
  }
}

/** A file's content, trimmed as Prometheus trims it; failing names the field and why, never the content. */
async function secret(field: string, file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim()
  } catch (err) {
    throw new MetricsUnavailableError(
      `cannot read prometheus.${field} ${file}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`,
    )
  }
}

function post(
  url: URL,
  body: string,
  options: https.RequestOptions,
  signal: AbortSignal,
): Promise<{ status: number; text: string }> {
  const send = url.protocol === 'https:' ? https.request : http.request
  return new Promise((resolve, reject) => {
    const request = send(url, { ...options, signal }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      )
    })
    request.on('error', reject)
    request.end(body)
  })
}
