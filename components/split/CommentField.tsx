'use client'

import { cx } from '@/components/ui/cx'

/** The operator's why, kept in the change record (the API takes up to 500 characters). */
export function CommentField({
  value,
  onChange,
  keptWith,
  placeholder,
  className,
}: {
  value: string
  onChange: (value: string) => void
  keptWith: 'change' | 'revert'
  placeholder: string
  className?: string
}) {
  return (
    <label className={cx('block text-sm text-slate-600', className)}>
      Comment <span className="text-slate-400">(optional, kept with the {keptWith})</span>
      <input
        type="text"
        value={value}
        maxLength={500}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm text-slate-900"
      />
    </label>
  )
}
