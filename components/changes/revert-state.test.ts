import { describe, expect, it } from 'vitest'
import { forceOf, initialRevert, revertReducer, type RevertEvent } from './revert-state'
import { ApiError } from '@/lib/api-client'

const current = { backends: [{ name: 'v1', weight: 60 }], revision: '9' }
const owner = { manager: 'argocd', detail: 'tracking-id annotation' }
const result = {
  backends: [{ name: 'v1', weight: 100 }],
  revision: '10',
  outcome: 'applied' as const,
}
const conflict = new ApiError('conflict', 'moved', 409, { current })
const owned = new ApiError('owned', 'managed', 409, { owner })
const unprocessable = new ApiError('unprocessable', 'only an applied change', 422)

const run = (...events: RevertEvent[]) => events.reduce(revertReducer, initialRevert)

describe('the revert dialog', () => {
  it('sends without force and ends with the split written', () => {
    const sending = run({ type: 'send' })
    expect(sending).toEqual({ step: 'sending', force: false })
    expect(run({ type: 'send' }, { type: 'answered', result })).toEqual({ step: 'done', result })
  })

  it('stops at a conflict with the split as it is now, and sending again does nothing', () => {
    const state = run({ type: 'send' }, { type: 'failed', error: conflict })
    expect(state).toEqual({ step: 'conflict', current })
    expect(revertReducer(state, { type: 'send' })).toBe(state)
  })

  it('asks about the owner, then resends with force once the operator agrees', () => {
    const asked = run({ type: 'send' }, { type: 'failed', error: owned })
    expect(asked).toEqual({ step: 'owned', owner })
    expect(forceOf(asked)).toBe(true)
    const forced = revertReducer(asked, { type: 'send' })
    expect(forced).toEqual({ step: 'sending', force: true })
    expect(revertReducer(forced, { type: 'answered', result })).toEqual({ step: 'done', result })
  })

  it('goes back to confirm without force when the operator keeps the owner', () => {
    const asked = run({ type: 'send' }, { type: 'failed', error: owned })
    expect(revertReducer(asked, { type: 'keep-owner' })).toBe(initialRevert)
  })

  it('goes back to confirm with any other failure, keeping force for another try', () => {
    expect(run({ type: 'send' }, { type: 'failed', error: unprocessable })).toEqual({
      step: 'confirm',
      force: false,
      error: unprocessable,
    })
    const retried = run(
      { type: 'send' },
      { type: 'failed', error: owned },
      { type: 'send' },
      { type: 'failed', error: new ApiError('timeout', 'slow', 504) },
    )
    expect(retried).toMatchObject({ step: 'confirm', force: true })
    expect(forceOf(retried)).toBe(true)
  })

  it('ignores an answer that arrives when nothing is being sent', () => {
    expect(run({ type: 'answered', result })).toBe(initialRevert)
    expect(run({ type: 'failed', error: conflict })).toBe(initialRevert)
  })
})
