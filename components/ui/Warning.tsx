import type { ReactNode } from 'react'

/** Something the operator should know before acting (a deprecated API, another writer). */
export function Warning({ children, label }: { children: ReactNode; label?: string }) {
  return (
    <div
      role="note"
      aria-label={label}
      className="rounded-md bg-warn-soft px-3 py-2 text-sm text-warn ring-1 ring-warn-line"
    >
      {children}
    </div>
  )
}
