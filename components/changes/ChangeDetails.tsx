'use client'

import Link from 'next/link'
import { useState, type ReactNode } from 'react'
import { fullTime, revertable, serviceLabel, shortId } from './change-view'
import { ChangeLink } from './ChangeTable'
import { OutcomeBadge } from './OutcomeBadge'
import { useChange } from './queries'
import { RevertDialog } from './RevertDialog'
import { SplitBar } from '@/components/split/SplitBar'
import { Button } from '@/components/ui/Button'
import { ErrorState } from '@/components/ui/ErrorState'
import { PageHeader, Section } from '@/components/ui/PageHeader'
import { SkeletonRows } from '@/components/ui/Skeleton'
import { Warning } from '@/components/ui/Warning'
import type { ChangeRecord } from '@/lib/schemas'

/** One change record in full: everything the table leaves out (request id, client, object, revisions). */
export function ChangeDetails({ changeId }: { changeId: string }) {
  const { data, error, isPending, refetch } = useChange(changeId)
  const [reverting, setReverting] = useState(false)
  const crumbs = [
    { label: 'Overview', href: '/' },
    { label: 'Changes', href: '/changes' },
    { label: `Change ${shortId(changeId)}` },
  ]
  if (isPending)
    return (
      <div className="space-y-8">
        <PageHeader crumbs={crumbs} title={`Change ${shortId(changeId)}`} />
        <SkeletonRows label="change" />
      </div>
    )
  if (error)
    return (
      <div className="space-y-8">
        <PageHeader crumbs={crumbs} title={`Change ${shortId(changeId)}`} />
        <ErrorState
          title="Could not load this change"
          error={error}
          onRetry={() => void refetch()}
        />
      </div>
    )
  return (
    <div className="space-y-8">
      <PageHeader crumbs={crumbs} title={`Change ${shortId(data.id)}`}>
        <OutcomeBadge change={data} />
        {revertable(data) && (
          <>
            <Button onClick={() => setReverting(true)}>Revert</Button>
            {reverting && <RevertDialog change={data} onClose={() => setReverting(false)} />}
          </>
        )}
      </PageHeader>
      {data.warnings?.map((w) => (
        <Warning key={w}>{w}</Warning>
      ))}
      <Section title="What">
        <Facts>
          <Fact label="Service">
            <Link href={`/services/${data.serviceId}`} className="text-brand hover:underline">
              {serviceLabel(data)}
            </Link>{' '}
            <span className="text-slate-500">
              {data.source} · {data.meshKind}
            </span>
          </Fact>
          {data.object && (
            <Fact label="Object">
              {data.object.kind} {data.object.namespace && `${data.object.namespace}/`}
              {data.object.name} <span className="text-slate-500">({data.object.apiVersion})</span>
            </Fact>
          )}
          <SplitFact label="Before" split={data.before} />
          <SplitFact label="Requested" split={data.requested} />
          <SplitFact label="After" split={data.after} />
          {data.comment && <Fact label="Comment">{data.comment}</Fact>}
          {data.reverts && (
            <Fact label="Reverts">
              <ChangeLink id={data.reverts} />
            </Fact>
          )}
        </Facts>
      </Section>
      <Section title="Who and when">
        <Facts>
          <Fact label="Time">
            <time dateTime={data.time}>{fullTime(data.time)}</time>
          </Fact>
          <Fact label="Actor">
            {data.actor.user}
            {data.actor.groups.length > 0 && (
              <span className="text-slate-500"> ({data.actor.groups.join(', ')})</span>
            )}
          </Fact>
          <Fact label="Client">
            {data.client.kind === 'ui' ? 'console' : 'API'}
            {data.client.userAgent && (
              <span className="text-slate-500"> · {data.client.userAgent}</span>
            )}
          </Fact>
          <Fact label="Request id">
            <code className="font-mono text-xs">{data.requestId}</code>
          </Fact>
          <Fact label="Change id">
            <code className="font-mono text-xs">{data.id}</code>
          </Fact>
        </Facts>
      </Section>
    </div>
  )
}

function Facts({ children }: { children: ReactNode }) {
  return (
    <dl className="grid gap-x-6 gap-y-3 rounded-lg bg-white p-5 text-sm shadow-sm ring-1 ring-slate-200 sm:grid-cols-[10rem_1fr]">
      {children}
    </dl>
  )
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-medium text-slate-500">{label}</dt>
      <dd className="text-slate-800">{children}</dd>
    </>
  )
}

function SplitFact({ label, split }: { label: string; split: ChangeRecord['before'] }) {
  if (!split) return null
  const matches = split.matches?.length ?? 0
  return (
    <Fact label={label}>
      <div className="max-w-md space-y-1">
        <SplitBar backends={split.backends} />
        <p className="text-xs text-slate-500">
          revision {split.revision}
          {matches > 0 && ` · ${matches} header/cookie ${matches === 1 ? 'match' : 'matches'}`}
        </p>
      </div>
    </Fact>
  )
}
