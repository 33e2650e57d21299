import 'server-only'
import type { AwsSource } from '@/server/sources/aws'
import type { Person } from './identity'

export type AwsAccess = {
  read: boolean
  write: boolean
  /** The role the person's calls assume, their name its `SourceIdentity`. */
  roleArn?: string
  /** Why not write (or not read), for the refusal and the UI. */
  reason?: string
}

/** What AWS (2–64 of these) takes as a SourceIdentity. */
const SOURCE_IDENTITY = /^[\w+=,.@-]{2,64}$/

/**
 * What a person may do in an AWS account, by the config's group policy (AWS cannot impersonate):
 * their groups' entries, a writing one first (its role, else any entry's role).
 */
export function awsAccessOf(source: AwsSource, person: Person): AwsAccess {
  const account = `AWS account ${source.profile}`
  if (!source.access)
    return {
      read: true,
      write: false,
      reason: `${account}: no group may write here (aws.accounts[].access is not configured)`,
    }
  const theirs = source.access.filter((a) => person.groups.includes(a.group))
  const groups = person.groups.join(', ') || 'none'
  if (theirs.length === 0)
    return { read: false, write: false, reason: `${account}: no access for groups ${groups}` }
  const writer = theirs.find((a) => a.write)
  const roleArn = (writer ?? theirs.find((a) => a.roleArn))?.roleArn
  if (roleArn && !SOURCE_IDENTITY.test(person.user))
    return {
      read: false,
      write: false,
      reason: `${account}: "${person.user}" cannot be an AWS SourceIdentity (2–64 of letters, digits, +=,.@_-)`,
    }
  return {
    read: true,
    write: Boolean(writer),
    ...(roleArn && { roleArn }),
    ...(!writer && { reason: `${account}: groups ${groups} may read here, not write` }),
  }
}
