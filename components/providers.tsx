'use client'

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import { ApiError } from '@/lib/api-client'
import { LiveUpdates } from './live-updates'

/** 4xx answers will not change on a second try; network failures and 5xx might. */
const retry = (failures: number, error: unknown) =>
  failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500)

/** A 401 means the session ended: through sign-in again, back to this page. */
function signInOnUnauthorized(error: unknown) {
  if (!(error instanceof ApiError) || error.status !== 401) return
  const here = window.location.pathname + window.location.search
  // A route handler, not a page: a full navigation, so the provider's redirects are followed.
  const login = new URL(
    `/api/auth/login?returnTo=${encodeURIComponent(here)}`,
    window.location.origin,
  )
  window.location.assign(login.href)
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        queryCache: new QueryCache({ onError: signInOnUnauthorized }),
        mutationCache: new MutationCache({ onError: signInOnUnauthorized }),
        defaultOptions: { queries: { retry, staleTime: 2_000 }, mutations: { retry: false } },
      }),
  )
  return (
    <QueryClientProvider client={client}>
      <LiveUpdates />
      {children}
    </QueryClientProvider>
  )
}
