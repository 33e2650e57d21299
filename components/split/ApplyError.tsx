import { ApiError } from '@/lib/api-client'
import { FieldIssue } from '@/lib/schemas'

/** The API's answer to a failed preview or apply, where the operator pressed the button. */
export function ApplyError({ error }: { error: unknown }) {
  const fields =
    error instanceof ApiError
      ? FieldIssue.array().safeParse((error.details as { fields?: unknown })?.fields)
      : null
  return (
    <div
      role="alert"
      className="rounded-md bg-bad-soft px-3 py-2 text-sm text-bad ring-1 ring-bad-line"
    >
      <p className="font-medium">{error instanceof Error ? error.message : String(error)}</p>
      {fields?.success && fields.data.length > 0 && (
        <ul className="mt-1 list-inside list-disc text-slate-700">
          {fields.data.map((f) => (
            <li key={f.field}>
              <code className="font-mono text-xs">{f.field}</code> {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
