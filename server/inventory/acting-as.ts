import 'server-only'
import { awsAccessOf } from '@/server/identity/aws-access'
import { impersonationOf, type Person } from '@/server/identity/identity'
import type { AwsSource } from '@/server/sources/aws'
import type { AnySource } from '@/server/sources/source'

/**
 * A source as `person` reaches it: Kubernetes impersonates them; AWS cannot, so the config's group
 * policy hides the account or assumes the group's role with the person as SourceIdentity.
 */
export function actingAs(source: AnySource, person: Person): AnySource[] {
  if (source.kind === 'kubernetes')
    return [
      {
        ...source,
        identity: `${source.identity} impersonating ${person.user}`,
        kube: source.kube.as(impersonationOf(person)),
      },
    ]
  const access = awsAccessOf(source, person)
  if (!access.read) return []
  return [access.roleArn ? source.assuming(access.roleArn, person.user) : source]
}

export const awsWrite = (source: AwsSource, person: Person) => {
  const { write, reason } = awsAccessOf(source, person)
  return { allowed: write, ...(reason && { reason }) }
}
