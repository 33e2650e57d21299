import { z } from 'zod'

/**
 * Who the console acts as, and what it may do: `GET /api/v1/session`. With strategy `none` the
 * user is `local` (Meshpane's own kubeconfig and AWS identity) and no sign-in is required.
 */
export const Session = z.object({
  user: z.string(),
  groups: z.array(z.string()),
  strategy: z.enum(['none', 'oidc', 'proxy']),
  /** Every write is refused (`viewOnly` in meshpane.json). */
  viewOnly: z.boolean(),
  /** The caller must sign in before anything else answers. */
  signInRequired: z.boolean(),
})
export type Session = z.infer<typeof Session>
