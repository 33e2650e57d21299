import { describe, expect, it } from 'vitest'
import { initialDraft, planOf } from './plan-draft'

const backends = [
  { name: 'v1', weight: 100 },
  { name: 'v2', weight: 0 },
]

describe('the plan editor draft', () => {
  it('starts from the busiest backend as primary and the Standard preset', () => {
    expect(planOf(initialDraft(backends))).toEqual({
      plan: {
        primary: 'v1',
        canary: 'v2',
        steps: [5, 10, 25, 50],
        intervalSeconds: 300,
        mode: 'auto',
        analysis: { failureLimit: 2 },
      },
      errors: [],
    })
  })

  it('names each field at fault, as the server would', () => {
    const draft = { ...initialDraft(backends), intervalSeconds: '', failureLimit: '0' }
    expect(planOf(draft).errors.map((e) => e.field)).toEqual([
      'intervalSeconds',
      'analysis.failureLimit',
    ])
    expect(planOf({ ...initialDraft(backends), steps: '50, 10' }).errors).toEqual([
      { field: 'steps.1', message: 'must rise step by step' },
    ])
  })
})
