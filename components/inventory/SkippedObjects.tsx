import { Warning } from '@/components/ui/Warning'
import type { Problem } from '@/lib/schemas'

/**
 * Routing objects Meshpane skipped because they do not fit their kind's schema, each with the
 * fields at fault: for a mesh, everything else still lists; for a service, what routes it besides.
 */
export function SkippedObjects({ problems, of }: { problems: Problem[]; of: 'mesh' | 'service' }) {
  if (problems.length === 0) return null
  const one = problems.length === 1
  const skipped = `Meshpane skipped ${problems.length} ${of === 'mesh' ? 'routing object' : 'object'}${one ? '' : 's'}${of === 'service' ? ' routing this service' : ''} that do${one ? 'es' : ''} not fit ${one ? 'its' : 'their'} schema`
  return (
    <Warning label="Skipped objects">
      <p>
        {of === 'mesh'
          ? `${skipped}: not listed, never written. Every other service lists as usual.`
          : `${skipped}: the split above and the list below leave ${one ? 'it' : 'them'} out.`}
      </p>
      <ul className="mt-1 list-disc space-y-0.5 pl-5">
        {problems.map(({ object, message }) => (
          <li key={`${object.apiVersion}/${object.kind}/${object.namespace}/${object.name}`}>
            <span className="font-medium">{object.kind}</span>{' '}
            <span className="font-mono text-xs">
              {object.namespace ? `${object.namespace}/` : ''}
              {object.name}
            </span>{' '}
            <span className="text-xs">({object.apiVersion})</span>: {message}
          </li>
        ))}
      </ul>
    </Warning>
  )
}
