'use client'

import { useSession } from '@/components/queries'

/** Why this console may change nothing (view-only mode), for disabled controls; undefined when it may. */
export function useWriteBlocked(): string | undefined {
  return useSession().data?.viewOnly
    ? 'Meshpane runs view-only: no change can be made from here.'
    : undefined
}
