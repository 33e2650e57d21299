'use client'

import { useEffect, useState } from 'react'
import { ApplyError } from './ApplyError'
import { CandidateRows } from './CandidateRows'
import { CommentField } from './CommentField'
import { ConfirmApplyDialog } from './ConfirmApplyDialog'
import { ConflictDialog } from './ConflictDialog'
import { InvalidDraft } from './InvalidDraft'
import { MatchesEditor } from './MatchesEditor'
import { sameMatches, toMatches, toRules, type MatchRule } from './match-rules'
import { PreviewDiff } from './PreviewDiff'
import { WeightRow } from './WeightRow'
import { useApplySplit, usePreviewSplit, useShowSplit, useSplit } from '@/components/queries'
import { Button } from '@/components/ui/Button'
import { Warning } from '@/components/ui/Warning'
import { EmptyState } from '@/components/ui/EmptyState'
import { ErrorState } from '@/components/ui/ErrorState'
import { SkeletonRows } from '@/components/ui/Skeleton'
import { conflictCurrent, errorFields, ownedBy } from '@/lib/api-client'
import { formatSplit } from '@/lib/format'
import {
  SplitUpdate,
  type Backend,
  type CandidateBackend,
  type Owner,
  type ServiceCapabilities,
  type SplitWriteResult,
  type TrafficSplit,
} from '@/lib/schemas'
import { maxWeight, rebalance } from '@/lib/weights'

type Readiness = Record<string, { ready: number; total: number }>

/** The draft's rows: the route's backends, then the candidates a write may give weight. */
const rowsOf = (split: TrafficSplit) => [
  ...split.backends,
  ...(split.candidates ?? []).filter((c) => !c.reason),
]

/** `readOnly`: why nothing may be changed here (view-only mode), shown beside disabled controls. */
type ServiceFacts = { owner?: Owner; capabilities?: ServiceCapabilities; readOnly?: string }

/**
 * Loads the split once and hands it to the form; `backends` and `candidates` (the service's) only
 * add readiness to each row and the versions that cannot be routed to, the owner (the split's own,
 * else the service's) asks for confirmation before Apply, capabilities say whether matches can be
 * edited.
 */
export function SplitEditor({
  serviceId,
  backends,
  candidates = [],
  ...facts
}: { serviceId: string; backends: Backend[]; candidates?: CandidateBackend[] } & ServiceFacts) {
  const { data, error, isPending, refetch } = useSplit(serviceId)
  if (isPending) return <SkeletonRows label="split" rows={2} />
  if (error)
    return (
      <ErrorState title="Could not load the split" error={error} onRetry={() => void refetch()} />
    )
  if (data.backends.length === 0)
    return <EmptyState title="This service has no backends to split" />
  const readiness: Readiness = Object.fromEntries([
    ...backends.map((b) => [b.name, { ready: b.readyReplicas, total: b.replicas }]),
    ...candidates.map((c) => [c.name, { ready: c.readyReplicas ?? 0, total: c.replicas ?? 0 }]),
  ])
  return (
    <SplitForm
      serviceId={serviceId}
      initial={data}
      readiness={readiness}
      stranded={candidates.filter((c) => c.reason)}
      {...facts}
    />
  )
}

function SplitForm({
  serviceId,
  initial,
  readiness,
  stranded,
  owner,
  capabilities,
  readOnly,
}: {
  serviceId: string
  initial: TrafficSplit
  readiness: Readiness
  stranded: CandidateBackend[]
} & ServiceFacts) {
  // base: the split as last read from the server; its revision is what Apply sends.
  const [base, setBase] = useState(initial)
  const [weights, setWeights] = useState(() => rowsOf(initial).map((b) => b.weight))
  const [locked, setLocked] = useState(() => rowsOf(initial).map(() => false))
  const [rules, setRules] = useState<MatchRule[]>(() => toRules(initial.matches ?? []))
  const [comment, setComment] = useState('')
  // The owner the operator is asked about; once they confirm, this form's writes carry `force`.
  const [confirmOwner, setConfirmOwner] = useState<Owner | null>(null)
  const [forced, setForced] = useState(false)
  const [conflict, setConflict] = useState<TrafficSplit | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [warnings, setWarnings] = useState<string[]>([])
  const apply = useApplySplit(serviceId)
  const preview = usePreviewSplit(serviceId)
  const show = useShowSplit(serviceId)

  const rows = rowsOf(base)
  const routed = base.backends.length
  // Candidates are sent only once given weight: at 0 they stay out of the route.
  const mine = rows
    .map((b, i) => ({ name: b.name, weight: weights[i]! }))
    .filter((b, i) => i < routed || b.weight > 0)
  const matchesChanged = !sameMatches(rules, base.matches ?? [])
  const changed = matchesChanged || rows.some((b, i) => b.weight !== weights[i])
  const total = weights.reduce((s, w) => s + w, 0)
  const failure = apply.error ?? preview.error
  // An error naming the matches (e.g. a mesh that cannot express them) is shown by the matches.
  const byMatches = errorFields(failure).some((f) => f.field === 'matches')
  const matchesEnabled = capabilities?.matches ?? base.matches !== undefined
  // The cluster's answer for the signed-in user: sliders and Apply are off, with its reason.
  const writeRefused =
    capabilities?.write?.allowed === false
      ? (capabilities.write.reason ?? 'You may not change this split.')
      : undefined
  // View-only mode refuses every write whatever the cluster says.
  const refused = readOnly ?? writeRefused
  const managedBy = base.owner ?? owner
  // Matches are sent only when edited: omitted, the server leaves them as they are.
  const update = (revision: string, force = forced): SplitUpdate => ({
    backends: mine,
    revision,
    ...(matchesChanged && { matches: toMatches(rules) }),
    ...(comment.trim() && { comment: comment.trim() }),
    ...(force && { force: true }),
  })
  // The schema the server parses with: what it would refuse is named here, before anything is sent.
  const checked = SplitUpdate.safeParse(update(base.revision))
  const problems = checked.success
    ? []
    : checked.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }))

  // A write from elsewhere on the page (a revert from History) puts a newer split in the cache:
  // show it, unless the operator is editing, whose Apply then meets it as a conflict.
  useEffect(() => {
    if (!changed && initial.revision !== base.revision) load(initial)
  })

  // Any change makes the last answer stale: its error, its preview and the notice.
  function clearOutcome() {
    setNotice(null)
    setWarnings([])
    apply.reset()
    preview.reset()
  }

  function load(split: TrafficSplit) {
    setBase(split)
    setWeights(rowsOf(split).map((b) => b.weight))
    setLocked(rowsOf(split).map(() => false))
    setRules(toRules(split.matches ?? []))
    clearOutcome()
  }

  function edit(next: number[], nextLocked = locked) {
    setWeights(next)
    setLocked(nextLocked)
    clearOutcome()
  }

  function editRules(next: MatchRule[]) {
    setRules(next)
    clearOutcome()
  }

  async function applyAt(revision: string, force = forced) {
    setNotice(null)
    setConfirmOwner(null)
    try {
      const result: SplitWriteResult = await apply.mutateAsync(update(revision, force))
      load(result)
      setConflict(null)
      setComment('')
      setWarnings(result.warnings ?? [])
      setNotice(
        `${result.outcome === 'no-op' ? 'Already in place' : 'Applied'}: ${formatSplit(result.backends)}`,
      )
    } catch (error) {
      setConflict(conflictCurrent(error))
      // Someone else took the object over since it was shown: say who, and ask.
      setConfirmOwner(ownedBy(error))
    }
  }

  function confirmForce() {
    setForced(true)
    void applyAt(conflict?.revision ?? base.revision, true)
  }

  function takeTheirs(current: TrafficSplit) {
    show(current)
    load(current)
    setConflict(null)
    setNotice(`Loaded the current split: ${formatSplit(current.backends)}`)
  }

  return (
    <div className="space-y-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      {readOnly && <Warning>{readOnly}</Warning>}
      <ul aria-label="Backends" className="divide-y divide-slate-100">
        {base.backends.map((b, i) => (
          <WeightRow
            key={b.name}
            index={i}
            name={b.name}
            weight={weights[i]!}
            locked={locked[i]!}
            refused={refused}
            movable={
              !locked[i] &&
              locked.some((l, j) => j !== i && !l) &&
              maxWeight(weights, i, locked) > 0
            }
            readiness={readiness[b.name]}
            onWeight={(value) => edit(rebalance(weights, i, value, locked))}
            onToggleLock={() =>
              edit(
                weights,
                locked.map((l, j) => (j === i ? !l : l)),
              )
            }
          />
        ))}
      </ul>
      <CandidateRows
        candidates={rows.slice(routed)}
        weights={weights.slice(routed)}
        stranded={stranded}
        readiness={readiness}
        readOnly={readOnly}
        onWeight={(i, value) => edit(rebalance(weights, routed + i, value, locked))}
      />

      <MatchesEditor
        backends={base.backends.map((b) => b.name)}
        rules={rules}
        onChange={editRules}
        disabledReason={
          refused ??
          (matchesEnabled
            ? undefined
            : (capabilities?.reason ?? 'This mesh cannot express header or cookie matches.'))
        }
      />
      {byMatches && <ApplyError error={failure} />}
      {!readOnly && writeRefused && (
        <p role="note" data-testid="write-refused" className="text-sm text-slate-600">
          Read only: {writeRefused}
        </p>
      )}

      <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pt-4">
        <p className="text-sm text-slate-600">
          Total{' '}
          <output data-testid="split-total" className="font-semibold text-slate-900 tabular-nums">
            {total}%
          </output>
          <span className="ml-3 text-xs text-slate-500">revision {base.revision}</span>
        </p>
        <div className="flex flex-wrap gap-2">
          <Button onClick={() => load(base)} disabled={!changed}>
            Reset
          </Button>
          <Button
            onClick={() => preview.mutate(update(base.revision))}
            disabled={preview.isPending || problems.length > 0}
          >
            {preview.isPending ? 'Previewing…' : 'Preview'}
          </Button>
          <Button
            variant="primary"
            onClick={() =>
              managedBy && !forced ? setConfirmOwner(managedBy) : void applyAt(base.revision)
            }
            disabled={!changed || apply.isPending || problems.length > 0 || refused !== undefined}
            title={refused}
          >
            {apply.isPending && !conflict ? 'Applying…' : 'Apply'}
          </Button>
        </div>
      </div>

      <CommentField
        value={comment}
        onChange={setComment}
        keptWith="change"
        placeholder="e.g. rolling back v3: 5xx spike"
      />

      {problems.length > 0 && <InvalidDraft problems={problems} />}
      {failure && !conflict && !byMatches && !ownedBy(failure) && <ApplyError error={failure} />}
      {notice && (
        <p
          role="status"
          className="rounded-md bg-ok-soft px-3 py-2 text-sm font-medium text-ok ring-1 ring-ok-line"
        >
          {notice}
        </p>
      )}
      {warnings.map((w) => (
        <Warning key={w}>{w}</Warning>
      ))}
      {preview.data && <PreviewDiff preview={preview.data} />}

      {confirmOwner && (
        <ConfirmApplyDialog
          owner={confirmOwner}
          open
          split={mine}
          onConfirm={confirmForce}
          onClose={() => setConfirmOwner(null)}
        />
      )}
      <ConflictDialog
        current={conflict}
        mine={mine}
        busy={apply.isPending}
        onReapply={() => conflict && void applyAt(conflict.revision)}
        onUseTheirs={() => conflict && takeTheirs(conflict)}
        onClose={() => setConflict(null)}
      />
    </div>
  )
}
