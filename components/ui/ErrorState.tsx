import { Button } from './Button'

/** A failed load: what failed, the API's message, and a way to try again. */
export function ErrorState({
  title,
  error,
  onRetry,
}: {
  title: string
  error: unknown
  onRetry?: () => void
}) {
  return (
    <div role="alert" className="rounded-lg bg-bad-soft px-4 py-3 ring-1 ring-bad-line">
      <p className="font-medium text-bad">{title}</p>
      <p className="mt-1 text-sm text-slate-700">
        {error instanceof Error ? error.message : String(error)}
      </p>
      {onRetry && (
        <Button className="mt-3" onClick={onRetry}>
          Retry
        </Button>
      )}
    </div>
  )
}
