import { ApiError, errorFields } from '@/lib/api-client'

/** The API's answer to a failed preview or apply, where the operator pressed the button. */
export function ApplyError({ error }: { error: unknown }) {
  // A 422's message already says why; only a 400 lists its fields one by one.
  const fields = error instanceof ApiError && error.code === 'invalid' ? errorFields(error) : []
  return (
    <div
      role="alert"
      className="rounded-md bg-bad-soft px-3 py-2 text-sm text-bad ring-1 ring-bad-line"
    >
      <p className="font-medium">{error instanceof Error ? error.message : String(error)}</p>
      {fields.length > 0 && (
        <ul className="mt-1 list-inside list-disc text-slate-700">
          {fields.map((f) => (
            <li key={f.field}>
              <code className="font-mono text-xs">{f.field}</code> {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
