import 'server-only'
import type { Owner } from '@/lib/schemas'
import type { ObjectMeta } from './objects'

/** Field managers that are people at a terminal (or Meshpane itself): they do not revert changes. */
const INTERACTIVE = /^(kubectl|meshpane|k9s|lens|headlamp)/i

/**
 * Who else writes this object, so the UI can warn that a change made here may be reverted. The
 * strongest claim wins: a controller owning the object (it rewrites the weights every step), then
 * GitOps tracking (it syncs back to Git), then any non-interactive field manager.
 */
export function ownerOf(meta: ObjectMeta): Owner | undefined {
  const controller =
    (meta.ownerReferences ?? []).find((r) => r.controller) ?? meta.ownerReferences?.[0]
  if (controller) {
    const detail = `${controller.kind} ${meta.namespace ?? 'default'}/${controller.name}`
    if (controller.apiVersion.startsWith('argoproj.io/') && controller.kind === 'Rollout')
      return { manager: 'argo-rollouts', detail }
    if (controller.apiVersion.startsWith('flagger.app/')) return { manager: 'flagger', detail }
    return { manager: controller.kind.toLowerCase(), detail }
  }
  // Argo Rollouts marks the routes it rewrites (traffic routing) with the Rollout's name.
  const rollout = meta.annotations?.['argo-rollouts.argoproj.io/managed-by-rollouts']
  if (rollout)
    return {
      manager: 'argo-rollouts',
      detail: `Rollout ${meta.namespace ?? 'default'}/${rollout}`,
    }
  const labels = meta.labels ?? {}
  const tracking = meta.annotations?.['argocd.argoproj.io/tracking-id']
  if (tracking)
    return { manager: 'argocd', detail: `Argo CD application ${tracking.split(':')[0]}` }
  // app.kubernetes.io/instance is Argo CD's default tracking label, but Helm sets it too.
  const helm = labels['app.kubernetes.io/managed-by']?.toLowerCase() === 'helm'
  const instance =
    labels['argocd.argoproj.io/instance'] ??
    (helm ? undefined : labels['app.kubernetes.io/instance'])
  if (instance) return { manager: 'argocd', detail: `Argo CD application ${instance}` }
  const kustomization = labels['kustomize.toolkit.fluxcd.io/name']
  if (kustomization)
    return {
      manager: 'flux',
      detail: `Flux Kustomization ${labels['kustomize.toolkit.fluxcd.io/namespace'] ?? 'flux-system'}/${kustomization}`,
    }
  const release = labels['helm.toolkit.fluxcd.io/name']
  if (release)
    return {
      manager: 'flux',
      detail: `Flux HelmRelease ${labels['helm.toolkit.fluxcd.io/namespace'] ?? 'flux-system'}/${release}`,
    }
  const manager = (meta.managedFields ?? []).find(
    (f) => f.manager && !INTERACTIVE.test(f.manager),
  )?.manager
  if (manager) return { manager, detail: `field manager ${manager}` }
  return undefined
}
