import Link from 'next/link'
import { Fragment } from 'react'

export type Crumb = { label: string; href?: string }

/** Overview › mesh › service; the last crumb is the current page. */
export function Breadcrumb({ items }: { items: Crumb[] }) {
  return (
    <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
      <ol className="flex flex-wrap items-center gap-1.5">
        {items.map((item, i) => (
          <Fragment key={i}>
            {i > 0 && (
              <li aria-hidden className="text-slate-400">
                ›
              </li>
            )}
            <li>
              {item.href && i < items.length - 1 ? (
                <Link
                  href={item.href}
                  className="rounded hover:text-slate-900 hover:underline focus-visible:outline-2 focus-visible:outline-brand"
                >
                  {item.label}
                </Link>
              ) : (
                <span
                  aria-current={i === items.length - 1 ? 'page' : undefined}
                  className="font-medium text-slate-800"
                >
                  {item.label}
                </span>
              )}
            </li>
          </Fragment>
        ))}
      </ol>
    </nav>
  )
}
