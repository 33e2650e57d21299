'use client'

import Link from 'next/link'
import { useState } from 'react'
import {
  formatChangeTime,
  fullTime,
  revertable,
  revertsById,
  serviceLabel,
  shortId,
  type Revertable,
} from './change-view'
import { ChangeSplits } from './ChangeSplits'
import { OutcomeBadge } from './OutcomeBadge'
import { RevertDialog } from './RevertDialog'
import { Button } from '@/components/ui/Button'
import { Table, TBody, THead, Td, Th, Tr } from '@/components/ui/Table'
import type { ChangeRecord } from '@/lib/schemas'

const link = 'text-brand hover:underline focus-visible:outline-2 focus-visible:outline-brand'

/** A link to one change's page, named by its short id. */
export const ChangeLink = ({ id }: { id: string }) => (
  <Link href={`/changes/${id}`} className={link}>
    change {shortId(id)}
  </Link>
)

/**
 * Change records, newest first: when and who, the service (unless the page is the service's),
 * before → after, the outcome, the comment, and Revert on applied changes not reverted yet.
 */
export function ChangeTable({
  label,
  changes,
  withService,
  now,
}: {
  label: string
  changes: readonly ChangeRecord[]
  withService: boolean
  /** When the records were fetched: times are written relative to that day. */
  now: number
}) {
  const [reverting, setReverting] = useState<Revertable | null>(null)
  const revertedBy = revertsById(changes)
  return (
    <>
      <Table label={label}>
        <THead>
          <tr>
            <Th>When · who</Th>
            {withService && <Th>Service</Th>}
            <Th>Split</Th>
            <Th>Outcome</Th>
            <Th>Comment</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </THead>
        <TBody>
          {changes.map((change) => {
            const revert = revertedBy.get(change.id)
            return (
              <Tr key={change.id} id={`change-${change.id}`}>
                <Td className="whitespace-nowrap">
                  <Link href={`/changes/${change.id}`} className={link}>
                    <time dateTime={change.time} title={fullTime(change.time)}>
                      {formatChangeTime(change.time, now)}
                    </time>
                  </Link>
                  <p className="text-xs text-slate-500">
                    {change.actor.user} · {change.client.kind === 'ui' ? 'console' : 'API'}
                  </p>
                </Td>
                {withService && (
                  <Td>
                    <Link href={`/services/${change.serviceId}`} className={`${link} font-medium`}>
                      {serviceLabel(change)}
                    </Link>
                    <p className="text-xs text-slate-500">
                      {change.source} · {change.meshKind}
                    </p>
                  </Td>
                )}
                <Td>
                  <ChangeSplits change={change} />
                </Td>
                <Td>
                  <OutcomeBadge change={change} />
                </Td>
                <Td className="max-w-xs text-slate-700">
                  {change.reverts && (
                    <p className="text-xs">
                      Reverts <ChangeLink id={change.reverts} />
                    </p>
                  )}
                  {change.comment && <p className="break-words">{change.comment}</p>}
                  {revert && (
                    <p className="text-xs">
                      Reverted by <ChangeLink id={revert.id} />
                    </p>
                  )}
                </Td>
                <Td className="text-right">
                  {revertable(change) && !revert && (
                    <Button
                      aria-label={`Revert change ${shortId(change.id)}`}
                      onClick={() => setReverting(change)}
                    >
                      Revert
                    </Button>
                  )}
                </Td>
              </Tr>
            )
          })}
        </TBody>
      </Table>
      {reverting && (
        <RevertDialog key={reverting.id} change={reverting} onClose={() => setReverting(null)} />
      )}
    </>
  )
}
