import 'server-only'
import { SourceUnavailableError } from '@/server/errors'
import { awsAccessOf } from '@/server/identity/aws-access'
import type { WriteGuard } from './pipeline'

/** A person's App Mesh write is refused before any AWS call unless one of their groups may write. */
export const awsAccessGuard: WriteGuard = async ({ identity }, { source }) => {
  if (identity.kind !== 'person' || source.kind !== 'aws') return
  const access = awsAccessOf(source, identity)
  if (!access.write) throw new SourceUnavailableError('forbidden', source.ref.name, access.reason!)
}
