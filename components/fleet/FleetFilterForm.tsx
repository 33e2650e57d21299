'use client'

import { useRef, useState, type FormEvent } from 'react'
import { filtersFromParams, type FleetFilters } from './filters'
import { Button } from '@/components/ui/Button'
import {
  ChoiceFilter,
  filterFieldClass,
  filterLabelClass,
  formParams,
  named,
  TextFilter,
} from '@/components/ui/FilterFields'
import { HealthStatus, MeshKind } from '@/lib/schemas'

const CANARY = [
  { value: 'true', label: 'Canary running' },
  { value: 'false', label: 'No canary' },
]
/** Typing in the search box applies once the operator pauses, not on every key. */
const TYPING_PAUSE_MS = 250

/**
 * The Services page's search box and filters: a list applies when an entry is picked, the search
 * box as the operator types, the other text fields on Enter. Give the form a `key` of the URL
 * query less `q`, so it starts again when the URL changes but never under the operator's typing.
 */
export function FleetFilterForm({
  filters,
  onChange,
}: {
  filters: FleetFilters
  onChange: (filters: FleetFilters) => void
}) {
  const typing = useRef<ReturnType<typeof setTimeout>>(undefined)
  const [q, setQ] = useState(filters.q ?? '')
  const submit = (form: HTMLFormElement) => {
    clearTimeout(typing.current)
    onChange(filtersFromParams(formParams(form)))
  }
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    submit(event.currentTarget)
  }
  const choice = (
    label: string,
    name: keyof FleetFilters,
    any: string,
    options: readonly { value: string; label: string }[],
  ) => (
    <ChoiceFilter {...{ label, name, any, options }} defaultValue={filters[name]} onPick={submit} />
  )
  const text = (label: string, name: keyof FleetFilters, placeholder: string) => (
    <TextFilter {...{ label, name, placeholder }} defaultValue={filters[name]} />
  )

  return (
    <form
      role="search"
      aria-label="Filter services"
      onSubmit={onSubmit}
      className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
    >
      <label className={filterLabelClass}>
        Search
        <input
          type="search"
          name="q"
          value={q}
          placeholder="Part of a service's name or namespace"
          maxLength={253}
          onChange={(event) => {
            setQ(event.currentTarget.value)
            const form = event.currentTarget.form!
            clearTimeout(typing.current)
            typing.current = setTimeout(() => submit(form), TYPING_PAUSE_MS)
          }}
          className={filterFieldClass}
        />
      </label>
      <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
        {choice('Mesh kind', 'meshKind', 'Any mesh', named(MeshKind.options))}
        {choice('Health', 'health', 'Any health', named(HealthStatus.options))}
        {choice('Canary', 'hasCanary', 'Either', CANARY)}
        {text('Source', 'source', 'e.g. prod-eu')}
        {text('Namespace', 'namespace', 'e.g. bookinfo')}
        <div className="flex items-end gap-2">
          <Button type="submit" variant="primary">
            Filter
          </Button>
          <Button
            onClick={() => {
              setQ('')
              onChange({})
            }}
            disabled={Object.keys(filters).length === 0}
          >
            Clear
          </Button>
        </div>
      </div>
    </form>
  )
}
