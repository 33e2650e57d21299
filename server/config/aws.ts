import 'server-only'
import path from 'node:path'
import { z } from 'zod'

/**
 * The `aws` section of the Meshpane config: AWS accounts the way AWS users already name them
 * (profiles of the shared config/credentials files), optionally a role to assume in each, and the
 * regions to look at. Each account×region becomes one source.
 */
const RoleArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, { error: 'must be an IAM role ARN' })

/**
 * With sign-in, what a group may do in the account (AWS cannot impersonate): read, or write too;
 * with `roleArn`, its people's calls assume that role with their name as `SourceIdentity`.
 */
export const AwsGroupAccess = z
  .object({
    group: z.string().min(1),
    write: z.boolean().default(false),
    roleArn: RoleArn.optional(),
  })
  .strict()
export type AwsGroupAccess = z.infer<typeof AwsGroupAccess>

export const AwsAccountConfig = z.object({
  /** A profile of the shared config/credentials files. */
  profile: z.string().min(1),
  regions: z
    .array(
      z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { error: 'must be a region such as eu-west-1' }),
    )
    .min(1),
  /** Assumed through STS with the profile's credentials before any App Mesh call. */
  roleArn: RoleArn.optional(),
  /** The source name prefix; default: the profile name. */
  name: z.string().min(1).optional(),
  /** Without it, signed-in people may read the account and nobody may write there. */
  access: z.array(AwsGroupAccess).optional(),
})
export type AwsAccountConfig = z.infer<typeof AwsAccountConfig>

export const AwsConfig = z.object({
  /** Default: AWS_CONFIG_FILE or ~/.aws/config, as the AWS CLI reads it. */
  configFile: z.string().min(1).optional(),
  /** Default: AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials. */
  credentialsFile: z.string().min(1).optional(),
  /** An endpoint for App Mesh and STS instead of AWS's own (a proxy, the lab). */
  endpoint: z.url().optional(),
  accounts: z.array(AwsAccountConfig).min(1),
  /** Concurrent App Mesh calls per account×region (AWS throttles per account and region). */
  maxConcurrency: z.number().int().min(1).max(64).default(8),
})
export type AwsConfig = z.infer<typeof AwsConfig>

/** The config's file paths, resolved against the folder of the config file that names them. */
export function resolveAwsPaths(aws: AwsConfig, dir: string): AwsConfig {
  return {
    ...aws,
    ...(aws.configFile ? { configFile: path.resolve(dir, aws.configFile) } : {}),
    ...(aws.credentialsFile ? { credentialsFile: path.resolve(dir, aws.credentialsFile) } : {}),
  }
}
