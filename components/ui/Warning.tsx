import type { ReactNode } from 'react'

/** Something the operator should know before acting (a deprecated API, another writer). */
export function Warning({ children }: { children: ReactNode }) {
  return (
    <p
      role="note"
      className="rounded-md bg-warn-soft px-3 py-2 text-sm text-warn ring-1 ring-warn-line"
    >
      {children}
    </p>
  )
}
