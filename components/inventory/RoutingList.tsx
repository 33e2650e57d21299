import { Badge } from '@/components/ui/Badge'
import type { RoutingObject } from '@/lib/schemas'

/** The native objects that route a service; the active one is where Apply writes. */
export function RoutingList({ routing }: { routing: RoutingObject[] }) {
  if (routing.length === 0) return <p className="text-sm text-slate-500">No routing object yet.</p>
  const active = routing.find((r) => r.active)
  return (
    <div className="space-y-2">
      {routing.length > 1 && (
        <p className="text-sm text-slate-600">
          {routing.length} objects route this service.{' '}
          {active
            ? `The mesh follows ${active.kind} ${active.name}, so Meshpane writes that one; the others are shown, never written.`
            : 'None of them is marked as the one Meshpane writes.'}
        </p>
      )}
      <ul
        aria-label="Routing objects"
        className="divide-y divide-slate-100 rounded-lg bg-white shadow-sm ring-1 ring-slate-200"
      >
        {routing.map((r) => (
          <li
            key={`${r.apiVersion}/${r.kind}/${r.namespace}/${r.name}`}
            className="flex items-center justify-between gap-3 px-4 py-2.5 text-sm"
          >
            <span>
              <span className="font-medium text-slate-900">{r.kind}</span>{' '}
              <span className="font-mono text-xs text-slate-700">
                {r.namespace ? `${r.namespace}/` : ''}
                {r.name}
              </span>
              <span className="ml-2 text-xs text-slate-500">{r.apiVersion}</span>
              {r.createdAt && (
                <span className="ml-2 text-xs text-slate-500">created {r.createdAt}</span>
              )}
            </span>
            {r.active ? (
              <Badge tone="ok">Meshpane writes this one</Badge>
            ) : (
              <Badge tone="neutral">read only</Badge>
            )}
          </li>
        ))}
      </ul>
    </div>
  )
}
