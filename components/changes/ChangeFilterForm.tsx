'use client'

import type { FormEvent } from 'react'
import { filtersFromParams, TIME_RANGES, type ChangeFilters } from './filters'
import { Button } from '@/components/ui/Button'
import { ChoiceFilter, formParams, named, TextFilter } from '@/components/ui/FilterFields'
import { ChangeOutcome, MeshKind } from '@/lib/schemas'

/**
 * The Changes page's filters. A list applies as soon as an entry is picked; the text fields on
 * Enter or Filter, so a half-typed name does not fetch. The fields start from `filters` (the URL):
 * give the form a `key` of the URL query so it starts again when the URL changes.
 */
export function ChangeFilterForm({
  filters,
  onChange,
}: {
  filters: ChangeFilters
  onChange: (filters: ChangeFilters) => void
}) {
  const submit = (form: HTMLFormElement) => onChange(filtersFromParams(formParams(form)))
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    submit(event.currentTarget)
  }
  const choice = (
    label: string,
    name: keyof ChangeFilters,
    any: string,
    options: readonly { value: string; label: string }[],
  ) => (
    <ChoiceFilter {...{ label, name, any, options }} defaultValue={filters[name]} onPick={submit} />
  )
  const text = (label: string, name: keyof ChangeFilters, placeholder: string) => (
    <TextFilter {...{ label, name, placeholder }} defaultValue={filters[name]} />
  )

  return (
    <form
      role="search"
      aria-label="Filter changes"
      onSubmit={onSubmit}
      className="space-y-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
    >
      <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
        {choice('Outcome', 'outcome', 'Any outcome', named(ChangeOutcome.options))}
        {choice('Mesh kind', 'mesh', 'Any mesh', named(MeshKind.options))}
        {choice('Time', 'within', 'Any time', TIME_RANGES)}
        {text('Source', 'source', 'e.g. prod-eu')}
        {text('Who', 'actor', 'user name')}
        <div className="flex items-end gap-2">
          <Button type="submit" variant="primary">
            Filter
          </Button>
          <Button onClick={() => onChange({})} disabled={Object.keys(filters).length === 0}>
            Clear
          </Button>
        </div>
      </div>
      {filters.service && (
        <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <input type="hidden" name="service" value={filters.service} />
          Showing one service&apos;s changes.
          <Button variant="ghost" onClick={() => onChange({ ...filters, service: undefined })}>
            Show every service
          </Button>
        </p>
      )}
    </form>
  )
}
