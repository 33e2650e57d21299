import 'server-only'
import path from 'node:path'
import { z } from 'zod'

const DEFAULT_DIR = '.meshpane-data'

const hasPassword = (url: string) => URL.canParse(url) && new URL(url).password !== ''

/**
 * The `storage` section: where the audit trail lives. By default an embedded database in `dir`
 * (one process only); with `postgresUrl`, a PostgreSQL server that several replicas share, its
 * password in a file, never in the config.
 */
export const StorageConfig = z
  .object({
    dir: z.string().min(1).default(DEFAULT_DIR),
    postgresUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, { error: 'must be a postgres:// URL' })
      .refine((url) => !hasPassword(url), {
        error: 'must not carry a password: put it in storage.postgresPasswordFile',
      })
      .optional(),
    postgresPasswordFile: z.string().min(1).optional(),
    retentionDays: z.number().int().positive().max(36_500).default(365),
  })
  .strict()
  .default({ dir: DEFAULT_DIR, retentionDays: 365 })
export type StorageConfig = z.infer<typeof StorageConfig>

/** Paths in the section resolved against `dir` (the config file's folder, or the working one). */
export const resolveStoragePaths = (s: StorageConfig, dir: string): StorageConfig => ({
  ...s,
  dir: path.resolve(dir, s.dir),
  ...(s.postgresPasswordFile && {
    postgresPasswordFile: path.resolve(dir, s.postgresPasswordFile),
  }),
})
