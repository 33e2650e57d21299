import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import type { Problem } from '@/lib/schemas'
import { SkippedObjects } from './SkippedObjects'

const problem = (name: string, message: string): Problem => ({
  object: { kind: 'VirtualService', apiVersion: 'networking.istio.io/v1', namespace: 'shop', name },
  message,
})
const text = (problems: Problem[], of: 'mesh' | 'service') =>
  renderToStaticMarkup(createElement(SkippedObjects, { problems, of })).replace(/<[^>]+>/g, '')

describe('the notice of skipped objects', () => {
  it('says nothing when nothing was skipped', () => {
    expect(text([], 'mesh')).toBe('')
  })

  it('names each skipped object of a mesh, its API version and why, and says the rest still lists', () => {
    const shown = text(
      [
        problem('checkout-canary', 'spec.http.0.route.0.destination: is required'),
        problem('cart', 'spec: is required'),
      ],
      'mesh',
    )
    expect(shown).toContain('skipped 2 routing objects that do not fit their schema')
    expect(shown).toContain('Every other service lists as usual')
    expect(shown).toContain(
      'VirtualService shop/checkout-canary (networking.istio.io/v1): spec.http.0.route.0.destination: is required',
    )
    expect(shown).toContain('VirtualService shop/cart (networking.istio.io/v1): spec: is required')
  })

  it('on a service, says the skipped object routing it is left out of its split', () => {
    const shown = text(
      [problem('reviews-canary', 'spec.http.0.route.1.weight: must be a number, not a string')],
      'service',
    )
    expect(shown).toContain('skipped 1 object routing this service that does not fit its schema')
    expect(shown).toContain('leave it out')
  })
})
