import type { Tone } from '@/components/ui/tones'
import { formatSplit } from '@/lib/format'
import type { ChangeOutcome, ChangeRecord } from '@/lib/schemas'

/** Applied is the good news; a refusal or conflict changed nothing and says why; a failure may need a look. */
export const outcomeTone: Record<ChangeOutcome, Tone> = {
  applied: 'ok',
  'no-op': 'neutral',
  pending: 'neutral',
  conflict: 'warn',
  refused: 'warn',
  failed: 'bad',
}

/** "refused: owned", or the outcome alone when it has no reason. */
export const outcomeLabel = ({ outcome, reason }: ChangeRecord) =>
  reason ? `${outcome}: ${reason}` : outcome

/** Ids are UUIDs; their first eight characters tell changes apart on one screen. */
export const shortId = (id: string) => id.slice(0, 8)

/** A record made before the service was resolved (it was not found, say) knows only its id. */
export const serviceLabel = ({ namespace, service, serviceId }: ChangeRecord) =>
  service ? `${namespace}/${service}` : serviceId

/** A change with a split to put back. */
export type Revertable = ChangeRecord & Required<Pick<ChangeRecord, 'before' | 'after'>>

/** Only an applied change has a split to put back; the server answers 422 to the rest. */
export const revertable = (change: ChangeRecord): change is Revertable =>
  change.outcome === 'applied' && change.before !== undefined && change.after !== undefined

type RecordedSplit = NonNullable<ChangeRecord['before']>

/**
 * A change in one line each side: before, then after (or what was asked for, when nothing was
 * written). Matches are counted only when the change moved them, so an unchanged rule is no noise.
 */
export function changeSummary(change: ChangeRecord): {
  from?: string
  to: string
  requestedOnly: boolean
} {
  const to = change.after ?? change.requested
  const from = change.before
  const matchesMoved =
    from !== undefined && JSON.stringify(from.matches ?? []) !== JSON.stringify(to.matches ?? [])
  const line = (split: RecordedSplit) => {
    const count = split.matches?.length ?? 0
    const matches = matchesMoved ? ` · ${count} ${count === 1 ? 'match' : 'matches'}` : ''
    return formatSplit(split.backends) + matches
  }
  return {
    ...(from && { from: line(from) }),
    to: line(to),
    requestedOnly: change.after === undefined,
  }
}

/** The applied reverts among `changes`, by the id of the change each one put back. */
export function revertsById(changes: readonly ChangeRecord[]): Map<string, ChangeRecord> {
  return new Map(
    changes.flatMap((c) => (c.reverts && c.outcome === 'applied' ? [[c.reverts, c]] : [])),
  )
}

/** When a change happened, in full and with its time zone: "29 Nov 2026, 21:31:08 UTC". */
export const fullTime = (iso: string, timeZone?: string) =>
  new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'long', timeZone })

/**
 * When a change happened, as short as it stays unambiguous: the time today, the day this year,
 * the full date before. `timeZone` is the browser's unless a test pins it.
 */
export function formatChangeTime(iso: string, now = Date.now(), timeZone?: string): string {
  const at = new Date(iso)
  const parts = (date: Date, options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat('en-GB', { timeZone, ...options }).format(date)
  const day = { year: 'numeric', month: 'short', day: 'numeric' } as const
  const clock = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const
  if (parts(at, day) === parts(new Date(now), day))
    return parts(at, { ...clock, second: '2-digit' })
  const sameYear = parts(at, { year: 'numeric' }) === parts(new Date(now), { year: 'numeric' })
  return parts(at, { ...day, ...clock, ...(sameYear && { year: undefined }) })
}
