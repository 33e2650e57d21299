import { conflictCurrent, ownedBy } from '@/lib/api-client'
import type { Owner, SplitWriteResult, TrafficSplit } from '@/lib/schemas'

/**
 * The revert dialog, step by step: confirm (with the last failure, if any) → sending → done; a
 * 409 owned asks again and the next send carries `force`; a 409 conflict ends it, since the split
 * moved after the change and a revert must not clobber that later change.
 */
export type RevertState =
  | { step: 'confirm'; force: boolean; error?: unknown }
  | { step: 'sending'; force: boolean }
  | { step: 'owned'; owner: Owner }
  | { step: 'conflict'; current: TrafficSplit }
  | { step: 'done'; result: SplitWriteResult }

export type RevertEvent =
  | { type: 'send' }
  | { type: 'answered'; result: SplitWriteResult }
  | { type: 'failed'; error: unknown }
  /** The operator declined to override the owner. */
  | { type: 'keep-owner' }

export const initialRevert: RevertState = { step: 'confirm', force: false }

/** Whether the next send overrides the object's owner: only once the operator was asked and agreed. */
export const forceOf = (state: RevertState) =>
  state.step === 'owned' || ((state.step === 'confirm' || state.step === 'sending') && state.force)

export function revertReducer(state: RevertState, event: RevertEvent): RevertState {
  switch (event.type) {
    case 'send':
      return state.step === 'confirm' || state.step === 'owned'
        ? { step: 'sending', force: forceOf(state) }
        : state
    case 'answered':
      return state.step === 'sending' ? { step: 'done', result: event.result } : state
    case 'failed': {
      if (state.step !== 'sending') return state
      const current = conflictCurrent(event.error)
      if (current) return { step: 'conflict', current }
      const owner = ownedBy(event.error)
      if (owner && !state.force) return { step: 'owned', owner }
      return { step: 'confirm', force: state.force, error: event.error }
    }
    case 'keep-owner':
      return state.step === 'owned' ? initialRevert : state
  }
}
