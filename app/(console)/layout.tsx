import { headers } from 'next/headers'
import Link from 'next/link'
import { redirect } from 'next/navigation'
import type { ReactNode } from 'react'
import { GlobalSearch } from '@/components/fleet/GlobalSearch'
import { LiveIndicator } from '@/components/live-updates'
import { SessionNotice } from '@/components/session/SessionNotice'
import { UnauthorizedError } from '@/server/errors'
import { getAuth, requestIdentity } from '@/server/identity'

const navLink =
  'rounded text-sm text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand'

const NAV = [
  ['/', 'Overview'],
  ['/services', 'Services'],
  ['/rollouts', 'Rollouts'],
  ['/graph', 'Graph'],
  ['/changes', 'Changes'],
  ['/api-docs', 'API'],
] as const

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const { auth } = getAuth()
  await requestIdentity(await headers()).catch((err: unknown) => {
    // Nobody signed in (or the session expired): through the provider's sign-in and back.
    if (err instanceof UnauthorizedError && auth.strategy === 'oidc') redirect('/api/auth/login')
    throw err
  })
  return (
    <>
      <header className="border-b border-slate-200 bg-white">
        <nav aria-label="Main" className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-6">
          <Link
            href="/"
            className="flex items-center gap-2 rounded font-semibold tracking-tight text-slate-900 focus-visible:outline-2 focus-visible:outline-brand"
          >
            <span
              aria-hidden
              className="grid size-6 place-items-center rounded-md bg-brand text-xs text-white"
            >
              M
            </span>
            Meshpane
          </Link>
          {NAV.map(([href, label]) => (
            <Link key={href} href={href} className={navLink}>
              {label}
            </Link>
          ))}
          <GlobalSearch />
          <LiveIndicator />
          <SessionNotice />
        </nav>
      </header>
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </>
  )
}
