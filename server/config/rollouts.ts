import 'server-only'
import path from 'node:path'
import { z } from 'zod'

/**
 * The `rollouts` section: optional webhooks told of each step, pause, promotion and rollback (a
 * Slack-style incoming webhook reads the event's `text`). A URL that carries a secret in its path
 * (Slack's do) goes in `urlFile` instead, read at start, never shown.
 */
export const RolloutsConfig = z
  .object({
    webhooks: z
      .array(
        z
          .object({
            url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
            urlFile: z.string().min(1).optional(),
          })
          .strict()
          .refine((w) => Boolean(w.url) !== Boolean(w.urlFile), {
            error: 'give either url or urlFile',
          }),
      )
      .max(10)
      .default([]),
    /** How often each replica drives its rollouts (checks are an interval apart anyway). */
    tickMs: z.number().int().min(100).max(60_000).default(1000),
  })
  .strict()
  .default({ webhooks: [], tickMs: 1000 })
export type RolloutsConfig = z.infer<typeof RolloutsConfig>

export const resolveRolloutsPaths = (r: RolloutsConfig, dir: string): RolloutsConfig => ({
  ...r,
  webhooks: r.webhooks.map((w) => (w.urlFile ? { urlFile: path.resolve(dir, w.urlFile) } : w)),
})
