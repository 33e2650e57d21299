import { describe, expect, it } from 'vitest'
import type { ObjectMeta } from './objects'
import { ownerOf } from './ownership'

const meta = (extra: Partial<ObjectMeta>): ObjectMeta => ({
  name: 'reviews',
  namespace: 'bookinfo',
  ...extra,
})

describe('ownerOf', () => {
  it.each<[string, Partial<ObjectMeta>, { manager: string; detail: string } | undefined]>([
    [
      'a Flagger Canary owning the route',
      {
        ownerReferences: [
          { apiVersion: 'flagger.app/v1beta1', kind: 'Canary', name: 'reviews', controller: true },
        ],
      },
      { manager: 'flagger', detail: 'Canary bookinfo/reviews' },
    ],
    [
      'an Argo Rollout owning the route',
      {
        ownerReferences: [
          {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Rollout',
            name: 'reviews',
            controller: true,
          },
        ],
      },
      { manager: 'argo-rollouts', detail: 'Rollout bookinfo/reviews' },
    ],
    [
      "Argo Rollouts' managed-by annotation",
      { annotations: { 'argo-rollouts.argoproj.io/managed-by-rollouts': 'reviews-rollout' } },
      { manager: 'argo-rollouts', detail: 'Rollout bookinfo/reviews-rollout' },
    ],
    [
      "Argo CD's tracking annotation",
      { annotations: { 'argocd.argoproj.io/tracking-id': 'shop:networking.istio.io/x:a/b' } },
      { manager: 'argocd', detail: 'Argo CD application shop' },
    ],
    [
      "Argo CD's instance label",
      { labels: { 'argocd.argoproj.io/instance': 'shop' } },
      { manager: 'argocd', detail: 'Argo CD application shop' },
    ],
    [
      "Argo CD's default tracking label",
      { labels: { 'app.kubernetes.io/instance': 'shop' } },
      { manager: 'argocd', detail: 'Argo CD application shop' },
    ],
    [
      'a Helm release (the same label, but Helm only writes on upgrade)',
      { labels: { 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/managed-by': 'Helm' } },
      undefined,
    ],
    [
      'a Flux Kustomization',
      { labels: { 'kustomize.toolkit.fluxcd.io/name': 'apps' } },
      { manager: 'flux', detail: 'Flux Kustomization flux-system/apps' },
    ],
    [
      'a Flux HelmRelease',
      {
        labels: {
          'helm.toolkit.fluxcd.io/name': 'mesh',
          'helm.toolkit.fluxcd.io/namespace': 'infra',
        },
      },
      { manager: 'flux', detail: 'Flux HelmRelease infra/mesh' },
    ],
    [
      'a non-interactive field manager',
      { managedFields: [{ manager: 'terraform-provider-kubernetes', operation: 'Update' }] },
      {
        manager: 'terraform-provider-kubernetes',
        detail: 'field manager terraform-provider-kubernetes',
      },
    ],
    [
      'people at a terminal and Meshpane itself',
      {
        managedFields: [
          { manager: 'kubectl-client-side-apply', operation: 'Update' },
          { manager: 'kubectl-edit', operation: 'Update' },
          { manager: 'meshpane', operation: 'Update' },
        ],
      },
      undefined,
    ],
  ])('recognises %s', (_what, extra, owner) => {
    expect(ownerOf(meta(extra))).toEqual(owner)
  })
})
