import { Button } from './Button'

/** Rows `first`–… of `total`, with Previous/Next (each disabled when there is nowhere to go). */
export function Pager({
  first,
  shown,
  total,
  busy = false,
  onPrevious,
  onNext,
}: {
  first: number
  shown: number
  total: number
  busy?: boolean
  onPrevious?: () => void
  onNext?: () => void
}) {
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-4 text-sm">
      <p role="status" className="text-slate-600" aria-busy={busy}>
        {first}–{first + shown - 1} of {total}
      </p>
      <div className="flex gap-2">
        <Button disabled={!onPrevious} onClick={onPrevious}>
          Previous
        </Button>
        <Button disabled={!onNext || busy} onClick={onNext}>
          Next
        </Button>
      </div>
    </nav>
  )
}
