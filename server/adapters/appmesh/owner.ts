import 'server-only'
import { ListTagsForResourceCommand, type TagRef } from '@aws-sdk/client-app-mesh'
import type { Owner } from '@/lib/schemas'
import type { AwsSource } from '@/server/sources/aws'
import { awsCall } from '@/server/sources/aws-call'
import { listAll } from './list-all'

/** ManagedBy, managed-by, managed_by: the usual keys people give the tool that applies a resource. */
const MANAGED_BY = /^managed[-_ ]?by$/i
/** Values of such a tag that name people (or Meshpane itself): they do not revert a change. */
const BY_HAND = /^(meshpane|manual|console|none)$/i

/**
 * Who else writes an App Mesh resource, from its tags (App Mesh keeps no other trace of it). The
 * strongest evidence first: tags the tools set themselves — Copilot's stack tags, then
 * CloudFormation's own `aws:cloudformation:*` (CDK deploys through it too), whose next update
 * of the stack rewrites the resource as the template says — then the conventions people follow
 * for Terraform, Pulumi and the like (`ManagedBy=terraform`, `Terraform=true`), which set no tag
 * of their own. The App Mesh controller for Kubernetes (and Flagger through it) tags nothing.
 */
export function ownerOfTags(tags: { key?: string; value?: string }[]): Owner | undefined {
  const entries = tags.flatMap((t) => (t.key ? [[t.key, t.value ?? ''] as const] : []))
  const tag = new Map(entries)
  const app = tag.get('copilot-application')
  if (app) {
    const parts = [`application ${app}`]
    for (const part of ['environment', 'service']) {
      const name = tag.get(`copilot-${part}`)
      if (name) parts.push(`${part} ${name}`)
    }
    return { manager: 'copilot', detail: `Copilot ${parts.join(', ')}` }
  }
  // A stack's id is arn:aws:cloudformation:<region>:<account>:stack/<name>/<uuid>.
  const stack =
    tag.get('aws:cloudformation:stack-name') ??
    tag.get('aws:cloudformation:stack-id')?.split('/')[1]
  if (stack) {
    const logicalId = tag.get('aws:cloudformation:logical-id')
    const resource = logicalId ? ` (resource ${logicalId})` : ''
    return { manager: 'cloudformation', detail: `CloudFormation stack ${stack}${resource}` }
  }
  const managedBy = entries.find(([k, v]) => MANAGED_BY.test(k) && v && !BY_HAND.test(v))
  if (managedBy) {
    const [key, value] = managedBy
    return { manager: value.toLowerCase(), detail: `tag ${key}=${value}` }
  }
  const terraform = entries.find(([k, v]) => /^terraform$/i.test(k) && /^true$/i.test(v))
  if (terraform) return { manager: 'terraform', detail: `tag ${terraform[0]}=${terraform[1]}` }
  return undefined
}

/** The owner a resource's tags name, reading every page of ListTagsForResource. */
export async function readOwner(
  source: AwsSource,
  resourceArn: string,
  signal: AbortSignal,
): Promise<Owner | undefined> {
  const tags = await listAll<TagRef>(async (nextToken) => {
    const out = await awsCall(source, signal, (c, o) =>
      c.send(new ListTagsForResourceCommand({ resourceArn, nextToken, limit: 100 }), o),
    )
    return { items: out.tags, nextToken: out.nextToken }
  })
  return ownerOfTags(tags)
}
