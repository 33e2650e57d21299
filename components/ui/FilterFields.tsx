'use client'

export const filterLabelClass = 'text-xs font-medium text-slate-600'
export const filterFieldClass =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm'

export type FilterOption = { value: string; label: string }

/** Options whose label is their value. */
export const named = (values: readonly string[]): FilterOption[] =>
  values.map((value) => ({ value, label: value }))

/** A filter form's fields as URL parameters. */
export const formParams = (form: HTMLFormElement): URLSearchParams =>
  new URLSearchParams(
    [...new FormData(form)].flatMap(([name, value]) =>
      typeof value === 'string' ? [[name, value]] : [],
    ),
  )

/** A list filter that applies as soon as an entry is picked (`onPick` gets its form). */
export function ChoiceFilter({
  label,
  name,
  any,
  options,
  defaultValue,
  onPick,
}: {
  label: string
  name: string
  any: string
  options: readonly FilterOption[]
  defaultValue?: string
  onPick: (form: HTMLFormElement) => void
}) {
  return (
    <label className={filterLabelClass}>
      {label}
      <select
        name={name}
        defaultValue={defaultValue ?? ''}
        onChange={(event) => onPick(event.currentTarget.form!)}
        className={filterFieldClass}
      >
        <option value="">{any}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  )
}

/** A text filter, applied with its form (Enter or the form's button). */
export function TextFilter({
  label,
  name,
  placeholder,
  defaultValue,
}: {
  label: string
  name: string
  placeholder: string
  defaultValue?: string
}) {
  return (
    <label className={filterLabelClass}>
      {label}
      <input
        name={name}
        defaultValue={defaultValue}
        placeholder={placeholder}
        className={filterFieldClass}
      />
    </label>
  )
}
