import { cx } from '@/components/ui/cx'

/** A toggle button (aria-pressed) that keeps one backend's weight fixed while the others move. */
export function LockToggle({
  name,
  locked,
  onToggle,
}: {
  name: string
  locked: boolean
  onToggle: () => void
}) {
  return (
    <button
      type="button"
      aria-label={`Lock ${name}`}
      aria-pressed={locked}
      title={locked ? `${name} is locked: other sliders leave it alone` : `Lock ${name}`}
      onClick={onToggle}
      className={cx(
        'rounded-md p-1.5 ring-1 ring-inset focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand',
        locked
          ? 'bg-slate-800 text-white ring-slate-800'
          : 'bg-white text-slate-500 ring-slate-300 hover:bg-slate-50',
      )}
    >
      <svg
        aria-hidden
        viewBox="0 0 20 20"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        className="size-4"
      >
        <rect x="4" y="9" width="12" height="8" rx="1.5" />
        <path
          d={locked ? 'M7 9V6.5a3 3 0 0 1 6 0V9' : 'M7 9V6.5a3 3 0 0 1 5.8-1'}
          strokeLinecap="round"
        />
      </svg>
    </button>
  )
}
