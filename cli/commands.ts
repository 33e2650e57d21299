import { readFileSync } from 'node:fs'
import type { ApiClient } from '../lib/api-client'
import type { ChangeOutcome, MeshService, SplitUpdate, SplitWriteResult } from '../lib/schemas'
import { UsageError } from './errors'
import { render, weights, type Column, type OutputFormat } from './output'
import { findService, meshesIn, servicesIn, type Scope } from './resolve'
import { mapBackends, parseSmiSplits } from './smi'

/** What every command gets: the client, the output format, where lines go as they happen. */
export type Context = {
  api: ApiClient
  output: OutputFormat
  print: (line: string) => void
  warn: (line: string) => void
}

export async function getSources({ api, output }: Context): Promise<string> {
  const list = await api.sources()
  return render(output, list, list.items, [
    ['name', (s) => s.name],
    ['kind', (s) => s.kind],
    ['status', (s) => s.status],
    ['latency', (s) => `${Math.round(s.latencyMs)}ms`],
    ['error', (s) => s.error],
  ])
}

export async function getMeshes({ api, output, warn }: Context, scope: Scope): Promise<string> {
  const { meshes, warnings } = await meshesIn(api, scope)
  warnings.forEach(warn)
  return render(output, { items: meshes }, meshes, [
    ['source', (m) => m.source.name],
    ['kind', (m) => m.kind],
    ['name', (m) => m.name],
    ['version', (m) => m.version],
    ['mtls', (m) => m.mtls],
    ['id', (m) => m.id],
  ])
}

export async function getServices({ api, output, warn }: Context, scope: Scope): Promise<string> {
  const { services, warnings } = await servicesIn(api, scope)
  warnings.forEach(warn)
  return render(output, { items: services.map(({ service }) => service) }, services, [
    ['source', ({ mesh }) => mesh.source.name],
    ['mesh', ({ mesh }) => mesh.kind],
    ['namespace', ({ service }) => service.namespace],
    ['name', ({ service }) => service.name],
    ['split', ({ service }) => weights(service.backends)],
    ['id', ({ service }) => service.id],
  ])
}

const splitColumns: Column<{
  service: MeshService
  revision: string
  backends: SplitUpdate['backends']
}>[] = [
  ['service', ({ service }) => `${service.namespace}/${service.name}`],
  ['mesh', ({ service }) => service.meshKind],
  ['revision', (r) => r.revision],
  ['split', (r) => weights(r.backends)],
]

export async function getSplit(ctx: Context, ref: string, scope: Scope): Promise<string> {
  const service = await findService(ctx.api, ref, scope)
  const split = await ctx.api.split(service.id)
  return render(ctx.output, split, [{ service, ...split }], splitColumns)
}

/** `v1=80 v2=20` as backends; a backend left out goes to 0, as in the split editor. */
function parseWeights(assignments: string[], current: readonly string[]) {
  const given = new Map<string, number>()
  for (const a of assignments) {
    const match = /^([^=]+)=(\d+)$/.exec(a)
    if (!match) throw new UsageError(`"${a}" is not BACKEND=PERCENT (e.g. v2=20)`)
    given.set(match[1]!, Number(match[2]))
  }
  const unknown = [...given.keys()].filter((name) => !current.includes(name))
  if (unknown.length)
    throw new UsageError(`no backend ${unknown.join(', ')} (backends: ${current.join(', ')})`)
  return current.map((name) => ({ name, weight: given.get(name) ?? 0 }))
}

export type WriteOptions = { revision?: string; comment?: string; force?: boolean }

const written = (service: MeshService, result: SplitWriteResult) =>
  `${service.namespace}/${service.name} (${service.meshKind}): ${result.outcome === 'no-op' ? 'unchanged' : 'applied'} ${weights(result.backends)} at revision ${result.revision}${(result.warnings ?? []).map((w) => `\nwarning: ${w}`).join('')}`

/**
 * Writes the weights given. With --revision, that revision is the precondition (409 if the split
 * moved since); without, the split is read first and written under the revision just read.
 */
export async function setSplit(
  ctx: Context,
  ref: string,
  assignments: string[],
  scope: Scope,
  options: WriteOptions,
): Promise<string> {
  if (!assignments.length) throw new UsageError('name the weights: BACKEND=PERCENT ...')
  const service = await findService(ctx.api, ref, scope)
  const current = await ctx.api.split(service.id)
  const result = await ctx.api.applySplit(service.id, {
    backends: parseWeights(
      assignments,
      current.backends.map((b) => b.name),
    ),
    revision: options.revision ?? current.revision,
    ...(options.comment && { comment: options.comment }),
    ...(options.force && { force: true }),
  })
  return ctx.output === 'json' ? JSON.stringify(result, null, 2) : written(service, result)
}

/**
 * Applies each SMI TrafficSplit of the file (or stdin for `-`) to the service it names, in
 * whatever mesh runs it in scope: the split is read, the SMI backends mapped onto the service's
 * backends, and the change written under the revision read.
 */
export async function applySmi(
  ctx: Context,
  file: string,
  scope: Scope,
  options: Omit<WriteOptions, 'revision'>,
): Promise<string> {
  let text: string
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8')
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`)
  }
  const results = []
  for (const smi of parseSmiSplits(text, file)) {
    const namespace = scope.namespace ?? smi.namespace
    const service = await findService(ctx.api, smi.service, { ...scope, namespace })
    const current = await ctx.api.split(service.id)
    const backends = mapBackends(
      smi,
      current.backends.map((b) => b.name),
    )
    const result = await ctx.api.applySplit(service.id, {
      backends,
      revision: current.revision,
      comment: options.comment ?? `SMI TrafficSplit ${smi.origin}`,
      ...(options.force && { force: true }),
    })
    results.push({ service, result })
    if (ctx.output === 'table') ctx.print(written(service, result))
  }
  return ctx.output === 'json'
    ? JSON.stringify(
        results.map(({ service, result }) => ({ serviceId: service.id, ...result })),
        null,
        2,
      )
    : ''
}

export type ChangeFilters = { service?: string; outcome?: string; limit?: string }

export async function getChanges(
  ctx: Context,
  filters: ChangeFilters,
  scope: Scope,
): Promise<string> {
  const service = filters.service
    ? (await findService(ctx.api, filters.service, scope)).id
    : undefined
  const limit = filters.limit === undefined ? undefined : Number(filters.limit)
  if (limit !== undefined && !Number.isInteger(limit))
    throw new UsageError(`--limit must be a whole number, not "${filters.limit}"`)
  const page = await ctx.api.changes({
    service,
    source: scope.source,
    outcome: filters.outcome as ChangeOutcome | undefined,
    limit,
  })
  return render(ctx.output, page, page.items, [
    ['time', (c) => c.time],
    ['actor', (c) => c.actor.user],
    ['service', (c) => `${c.source}/${c.namespace}/${c.service}`],
    ['outcome', (c) => c.outcome + (c.reason ? ` (${c.reason})` : '')],
    ['split', (c) => weights((c.after ?? c.requested).backends)],
    ['id', (c) => c.id],
  ])
}

export async function revert(
  ctx: Context,
  changeId: string,
  options: Omit<WriteOptions, 'revision'>,
): Promise<string> {
  const result = await ctx.api.revertChange(changeId, {
    ...(options.comment && { comment: options.comment }),
    ...(options.force && { force: true }),
  })
  return ctx.output === 'json'
    ? JSON.stringify(result, null, 2)
    : `reverted ${changeId}: ${result.outcome === 'no-op' ? 'unchanged' : 'applied'} ${weights(result.backends)} at revision ${result.revision}`
}
