'use client'

import { useRouter } from 'next/navigation'
import { useEffect, useId, useState, type KeyboardEvent } from 'react'
import { useFleetServices } from '@/components/queries'
import { Button } from '@/components/ui/Button'
import { Dialog } from '@/components/ui/Dialog'
import { cx } from '@/components/ui/cx'
import type { FleetService } from '@/lib/schemas'

const RESULTS = 8
/** The search waits for a pause in typing before asking the API. */
const TYPING_PAUSE_MS = 150

/** "/" opens the search unless the operator is typing in a field; Ctrl+K (⌘K) opens it anywhere. */
function opensSearch(event: globalThis.KeyboardEvent): boolean {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') return true
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return false
  const target = event.target as HTMLElement | null
  return !target?.closest('input, textarea, select, [contenteditable="true"]')
}

/** The header's search: finds a service anywhere in the fleet by part of its name and opens it. */
export function GlobalSearch() {
  const [open, setOpen] = useState(false)
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (!opensSearch(event)) return
      event.preventDefault()
      setOpen(true)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
  return (
    <>
      <Button variant="ghost" onClick={() => setOpen(true)} aria-keyshortcuts="/ Control+K">
        Search
        <kbd className="rounded border border-slate-300 px-1 text-xs text-slate-500">/</kbd>
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Find a service"
        actions={<Button onClick={() => setOpen(false)}>Close</Button>}
      >
        {open && <SearchBox onDone={() => setOpen(false)} />}
      </Dialog>
    </>
  )
}

function SearchBox({ onDone }: { onDone: () => void }) {
  const router = useRouter()
  const listId = useId()
  const [text, setText] = useState('')
  const [term, setTerm] = useState('')
  const [active, setActive] = useState(0)
  useEffect(() => {
    const timer = setTimeout(() => setTerm(text.trim()), TYPING_PAUSE_MS)
    return () => clearTimeout(timer)
  }, [text])
  const { data, error, isFetching } = useFleetServices(
    { q: term, limit: String(RESULTS) },
    { enabled: term !== '' },
  )
  const found = term && data ? data.items : []

  const go = (service: FleetService) => {
    onDone()
    router.push(`/services/${service.id}`)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const step = { ArrowDown: 1, ArrowUp: -1 }[event.key]
    if (step && found.length > 0) {
      event.preventDefault()
      setActive((i) => (i + step + found.length) % found.length)
    } else if (event.key === 'Enter' && found[active]) {
      event.preventDefault()
      go(found[active])
    }
  }

  return (
    <div className="space-y-3">
      <input
        autoFocus
        // Not type="search": its Escape clears the text, and Escape here closes the dialog.
        type="text"
        role="combobox"
        aria-label="Service name"
        aria-expanded={found.length > 0}
        aria-controls={listId}
        aria-activedescendant={found[active] ? `${listId}-${active}` : undefined}
        placeholder="Part of a service's name, in any cluster or mesh"
        maxLength={253}
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value)
          setActive(0)
        }}
        onKeyDown={onKeyDown}
        className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
      />
      <p role="status" className="text-xs text-slate-500">
        {!term
          ? 'Type to search every mesh, cluster and account; ↑ ↓ to choose, Enter to open.'
          : error
            ? `Search failed: ${error.message}`
            : isFetching && !data
              ? 'Searching…'
              : `${data?.total ?? 0} found${data && data.total > found.length ? `, first ${found.length} shown` : ''}`}
      </p>
      <ul id={listId} role="listbox" aria-label="Services found" className="space-y-1">
        {found.map((service, i) => (
          <li
            key={service.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            onClick={() => go(service)}
            onMouseEnter={() => setActive(i)}
            className={cx(
              'flex cursor-pointer items-baseline justify-between gap-3 rounded-md px-3 py-2',
              i === active && 'bg-slate-100',
            )}
          >
            <span className="font-medium text-slate-900">
              {service.name}
              <span className="font-normal text-slate-500"> · {service.namespace}</span>
            </span>
            <span className="text-xs text-slate-500">
              {service.source.name} · {service.meshKind}
            </span>
          </li>
        ))}
      </ul>
    </div>
  )
}
