import type { FieldIssue } from '@/lib/schemas'

/** What the API would refuse in the draft, found with its own schema before anything is sent. */
export function InvalidDraft({ problems }: { problems: FieldIssue[] }) {
  return (
    <div role="alert" className="rounded-md bg-warn-soft px-3 py-2 text-sm ring-1 ring-warn-line">
      <p className="font-medium text-warn">Fix these before applying:</p>
      <ul className="mt-1 list-inside list-disc text-slate-700">
        {problems.map((p) => (
          <li key={`${p.field}:${p.message}`}>
            <code className="font-mono text-xs">{p.field || 'split'}</code> {p.message}
          </li>
        ))}
      </ul>
    </div>
  )
}
