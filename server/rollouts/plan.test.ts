import { describe, expect, it } from 'vitest'
import { RolloutPlan, type TrafficSplit } from '@/lib/schemas'
import { OwnedError, UnprocessableError, ValidationError } from '@/server/errors'
import { checkPlan, drivenSteps, weightsAt } from './plan'

const split: TrafficSplit = {
  backends: [
    { name: 'v1', weight: 80 },
    { name: 'v2', weight: 15 },
    { name: 'v3', weight: 5 },
  ],
  revision: '3',
}
const plan = RolloutPlan.parse({ primary: 'v1', canary: 'v3', steps: [5, 25], intervalSeconds: 60 })

describe('rollout plans', () => {
  it('end at 100%, rise step by step, and name two different backends', () => {
    expect(drivenSteps(plan)).toEqual([5, 25, 100])
    expect(plan).toMatchObject({ mode: 'auto', analysis: { failureLimit: 2 } })
    const bad = RolloutPlan.safeParse({
      primary: 'v1',
      canary: 'v1',
      steps: [50, 10],
      intervalSeconds: 0,
    })
    expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['intervalSeconds', 'must be at least 1 second'],
      ['canary', 'must differ from the primary'],
      ['steps.1', 'must rise step by step'],
    ])
  })

  it('weigh the canary and the primary only: every other backend goes to 0', () => {
    expect(weightsAt(split, plan, 25)).toEqual([
      { name: 'v1', weight: 75 },
      { name: 'v2', weight: 0 },
      { name: 'v3', weight: 25 },
    ])
  })

  it('refuse unknown backends, objects Flagger or Argo Rollouts drive, and GitOps owners without force', () => {
    expect(() => checkPlan({ ...plan, canary: 'v9' }, split)).toThrow(ValidationError)
    for (const manager of ['flagger', 'argo-rollouts'])
      expect(() =>
        checkPlan({ ...plan, force: true }, { ...split, owner: { manager, detail: 'reviews' } }),
      ).toThrow(UnprocessableError)
    const tracked = { ...split, owner: { manager: 'argocd', detail: 'bookinfo' } }
    expect(() => checkPlan(plan, tracked)).toThrow(OwnedError)
    expect(() => checkPlan({ ...plan, force: true }, tracked)).not.toThrow()
  })

  it('take a candidate as the canary: it joins the route with its first step', () => {
    const routedToV1: TrafficSplit = {
      backends: [{ name: 'v1', weight: 100 }],
      candidates: [
        { name: 'v2', weight: 0 },
        { name: 'v4', weight: 0, reason: 'no subset selects its pods' },
      ],
      revision: '9',
    }
    const onV2 = { ...plan, canary: 'v2' }
    expect(() => checkPlan(onV2, routedToV1)).not.toThrow()
    expect(() => checkPlan({ ...plan, canary: 'v4' }, routedToV1)).toThrow(ValidationError)
    expect(weightsAt(routedToV1, onV2, 10)).toEqual([
      { name: 'v1', weight: 90 },
      { name: 'v2', weight: 10 },
    ])
  })
})
