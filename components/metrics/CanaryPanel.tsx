import { HealthBadge } from './HealthBadge'
import { healthTone, toneClasses } from '@/components/ui/tones'
import { cx } from '@/components/ui/cx'
import type { Health } from '@/lib/schemas'

const verdict: Record<Health['status'], string> = {
  healthy: 'The canary looks healthy',
  degraded: 'The canary is degraded',
  failing: 'The canary is failing',
  unknown: 'Not enough data to judge the canary',
}

/** The canary verdict: against which primary, each canary's status, and the rules' reasons in figures. */
export function CanaryPanel({ health, note }: { health: Health; note?: string }) {
  return (
    <div className="space-y-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <div className="flex flex-wrap items-center gap-3">
        <HealthBadge status={health.status} />
        <p className="font-medium text-slate-900">{note ?? verdict[health.status]}</p>
        {health.primary && (
          <p className="text-sm text-slate-600">
            compared with the primary{' '}
            <span className="font-medium text-slate-900">{health.primary}</span>
          </p>
        )}
      </div>
      {health.backends.length > 0 && (
        <ul aria-label="Canaries" className="divide-y divide-slate-100">
          {health.backends.map((b) => (
            <li key={b.name} className="flex flex-wrap items-start gap-3 py-2">
              <span className="w-24 shrink-0 font-medium text-slate-900">{b.name}</span>
              <HealthBadge status={b.status} />
              <ul className="min-w-0 flex-1 space-y-1 text-sm text-slate-700">
                {b.reasons.length === 0 ? (
                  <li>within the thresholds</li>
                ) : (
                  b.reasons.map((r) => <li key={r.rule}>{r.message}</li>)
                )}
              </ul>
            </li>
          ))}
        </ul>
      )}
      {health.backends.length === 0 && health.reasons.length > 0 && (
        <ul className="space-y-1 text-sm">
          {health.reasons.map((r) => (
            <li
              key={`${r.backend}-${r.rule}`}
              className={cx('rounded px-2 py-1 ring-1', toneClasses[healthTone[r.status]])}
            >
              {r.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
