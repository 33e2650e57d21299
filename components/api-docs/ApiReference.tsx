import type { JsonSchema, OpenApiDocument, OpenApiOperation } from '@/lib/api/openapi'
import { PageHeader, Section } from '@/components/ui/PageHeader'
import { cx } from '@/components/ui/cx'
import { schemaAnchor } from './schema-text'
import { SchemaView, TypeLabel } from './SchemaView'

const METHOD_TONE: Record<string, string> = {
  get: 'bg-sky-50 text-sky-800 ring-sky-200',
  put: 'bg-amber-50 text-amber-800 ring-amber-200',
  post: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  patch: 'bg-amber-50 text-amber-800 ring-amber-200',
  delete: 'bg-rose-50 text-rose-800 ring-rose-200',
}
const anchorLink =
  'rounded hover:underline focus-visible:outline-2 focus-visible:outline-brand underline-offset-2'

function Method({ method }: { method: string }) {
  return (
    <span
      className={cx(
        'inline-block w-14 rounded px-1.5 py-0.5 text-center font-mono text-xs font-semibold uppercase ring-1 ring-inset',
        METHOD_TONE[method],
      )}
    >
      {method}
    </span>
  )
}

type Entry = { path: string; method: string; op: OpenApiOperation }

function Operation({ path, method, op }: Entry) {
  const content = (media: Record<string, { schema: JsonSchema; 'x-item-schema'?: JsonSchema }>) =>
    Object.entries(media).map(([type, m]) => (
      <div key={type} className="space-y-1">
        <p className="text-xs text-slate-500">{type}</p>
        <SchemaView schema={m['x-item-schema'] ?? m.schema} />
        {m['x-item-schema'] && <p className="text-xs text-slate-500">one per line</p>}
      </div>
    ))
  return (
    <article
      id={op.operationId}
      aria-labelledby={`${op.operationId}-title`}
      className="scroll-mt-4 space-y-3 rounded-lg border border-slate-200 bg-white p-4"
    >
      <h3 id={`${op.operationId}-title`} className="flex flex-wrap items-center gap-3">
        <Method method={method} />
        <code className="font-mono text-sm text-slate-900">/api/v1{path}</code>
        <span className="text-sm text-slate-600">{op.summary}</span>
      </h3>
      {op.description && <p className="text-sm text-slate-600">{op.description}</p>}
      {op.parameters && (
        <div>
          <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">
            Parameters
          </h4>
          <ul className="mt-1 space-y-1">
            {op.parameters.map((p) => (
              <li key={p.name} className="text-sm">
                <code className="font-mono text-xs font-semibold">{p.name}</code>
                {!p.required && <span className="text-xs text-slate-500">?</span>}{' '}
                <span className="text-xs text-slate-500">({p.in})</span>{' '}
                <TypeLabel schema={p.schema} />
                {p.description && (
                  <span className="ml-2 text-xs text-slate-600">{p.description}</span>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {op.requestBody && (
        <div>
          <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Body</h4>
          {content(op.requestBody.content)}
        </div>
      )}
      <div>
        <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Answers</h4>
        <dl className="mt-1 space-y-2">
          {Object.entries(op.responses).map(([status, answer]) => (
            <div key={status} className="flex gap-3">
              <dt className="w-10 shrink-0 font-mono text-sm font-semibold text-slate-900">
                {status}
              </dt>
              <dd className="min-w-0 space-y-1 text-sm text-slate-600">
                {status === '200' ? (
                  content(answer.content)
                ) : (
                  <span>
                    {answer.description}:{' '}
                    <TypeLabel schema={answer.content['application/json']!.schema} />
                  </span>
                )}
              </dd>
            </div>
          ))}
        </dl>
      </div>
    </article>
  )
}

/** The API reference, rendered from the OpenAPI document the server serves. */
export function ApiReference({ document }: { document: OpenApiDocument }) {
  const entries: Entry[] = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  )
  const tags = document.tags.map((t) => t.name)
  return (
    <div className="space-y-8">
      <PageHeader crumbs={[]} title="API reference">
        <span>
          {document.info.title} {document.info.version}, OpenAPI {document.openapi}:{' '}
          <a href="/api/v1/openapi.json" className={cx(anchorLink, 'font-mono text-brand')}>
            /api/v1/openapi.json
          </a>
        </span>
        <span>{document.info.description}</span>
      </PageHeader>
      <nav aria-label="Routes" className="rounded-lg border border-slate-200 bg-white p-4">
        <ul className="grid gap-1 sm:grid-cols-2">
          {entries.map(({ path, method, op }) => (
            <li key={op.operationId}>
              <a
                href={`#${op.operationId}`}
                className={cx(
                  anchorLink,
                  'flex items-center gap-2 font-mono text-xs text-slate-800',
                )}
              >
                <Method method={method} /> {path}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {tags.map((tag) => (
        <Section key={tag} title={tag[0]!.toUpperCase() + tag.slice(1)}>
          {entries
            .filter((e) => e.op.tags.includes(tag))
            .map((e) => (
              <Operation key={e.op.operationId} {...e} />
            ))}
        </Section>
      ))}
      <Section title="Schemas">
        {Object.entries(document.components.schemas).map(([name, schema]) => (
          <article
            key={name}
            id={schemaAnchor(name)}
            aria-label={name}
            className="scroll-mt-4 space-y-2 rounded-lg border border-slate-200 bg-white p-4"
          >
            <h3 className="font-mono text-sm font-semibold text-slate-900">{name}</h3>
            <SchemaView schema={schema} />
          </article>
        ))}
      </Section>
    </div>
  )
}
