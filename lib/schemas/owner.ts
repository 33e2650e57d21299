import { z } from 'zod'

/**
 * Who else writes the routing object Meshpane would write: a GitOps tool or a rollout controller
 * may revert a change made here, so a write to it is refused (409 `owned`) unless the request says
 * `force`, which the UI sends only after the operator confirms.
 */
export const Owner = z.object({
  manager: z.union([z.enum(['argocd', 'flux', 'argo-rollouts', 'flagger']), z.string()]),
  /** What identifies it: the Argo CD application, the Flux Kustomization, the owning Rollout, ... */
  detail: z.string(),
})
export type Owner = z.infer<typeof Owner>
