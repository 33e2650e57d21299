// `?dryRun=All` on a write: validated, admitted and answered as the real write would be, with
// nothing stored, no resourceVersion consumed and no watch event (apiserver's DryRunnableStorage).
import { KubeError } from './status'

const OPTIONS: Record<string, string> = {
  create: 'CreateOptions',
  update: 'UpdateOptions',
  patch: 'PatchOptions',
  delete: 'DeleteOptions',
  deletecollection: 'DeleteOptions',
}

/** Whether a request of `verb` is a dry run; any value but `All` is refused as the server does. */
export function isDryRun(query: URLSearchParams, verb: string): boolean {
  const options = OPTIONS[verb]
  const values = query.getAll('dryRun')
  if (!options || values.length === 0) return false
  if (values.some((v) => v !== 'All'))
    throw new KubeError(
      422,
      'Invalid',
      `${options}.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{${values.map((v) => JSON.stringify(v)).join(', ')}}: supported values: "All"`,
    )
  return true
}
