import 'server-only'
import { ViewOnlyError } from '@/server/errors'
import type { WriteGuard } from './pipeline'

/** `viewOnly: true`: every write stops here, before anything is read, and is recorded as refused. */
export const viewOnlyGuard: WriteGuard = async () => {
  throw new ViewOnlyError()
}
