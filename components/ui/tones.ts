import type { HealthStatus, SourceStatus } from '@/lib/schemas'

/** What a state means to the operator; the colours of each tone live in app/globals.css. */
export type Tone = 'ok' | 'warn' | 'bad' | 'neutral'

export const toneClasses: Record<Tone, string> = {
  ok: 'bg-ok-soft text-ok ring-ok-line',
  warn: 'bg-warn-soft text-warn ring-warn-line',
  bad: 'bg-bad-soft text-bad ring-bad-line',
  neutral: 'bg-neutral-soft text-neutral ring-neutral-line',
}

export const sourceStatusTone: Record<SourceStatus, Tone> = {
  ok: 'ok',
  timeout: 'warn',
  forbidden: 'bad',
  unreachable: 'bad',
}

/** A canary verdict: healthy ok, degraded warn, failing bad, unknown neutral. */
export const healthTone: Record<HealthStatus, Tone> = {
  healthy: 'ok',
  degraded: 'warn',
  failing: 'bad',
  unknown: 'neutral',
}

/** A backend with every replica ready is fine; some ready is degraded; none is down. */
export function readinessTone(ready: number, total: number): Tone {
  if (total === 0) return 'neutral'
  if (ready === total) return 'ok'
  return ready === 0 ? 'bad' : 'warn'
}

/** Backend colours by position: fill classes spelled out so tailwind sees them, and the CSS variable for inline styles. */
const backendFills = [
  'bg-backend-0',
  'bg-backend-1',
  'bg-backend-2',
  'bg-backend-3',
  'bg-backend-4',
  'bg-backend-5',
]

export const backendFill = (index: number) => backendFills[index % backendFills.length]!
export const backendColor = (index: number) => `var(--color-backend-${index % backendFills.length})`
