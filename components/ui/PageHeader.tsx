import type { ReactNode } from 'react'
import { Breadcrumb, type Crumb } from './Breadcrumb'

/** The top of every page: where we are, what this is, and a line of facts about it. */
export function PageHeader({
  crumbs,
  title,
  children,
}: {
  crumbs: Crumb[]
  title: ReactNode
  children?: ReactNode
}) {
  return (
    <header className="space-y-2">
      {crumbs.length > 1 && <Breadcrumb items={crumbs} />}
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
      {children && (
        <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-600">
          {children}
        </div>
      )}
    </header>
  )
}

/** A titled block of a page. */
export function Section({
  title,
  actions,
  children,
}: {
  title: string
  actions?: ReactNode
  children: ReactNode
}) {
  return (
    <section aria-label={title} className="space-y-3">
      <div className="flex items-center justify-between gap-4">
        <h2 className="text-base font-semibold text-slate-900">{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  )
}
