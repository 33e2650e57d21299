import 'server-only'
import fs from 'node:fs'
import path from 'node:path'

type Manifest = {
  staticRoutes?: { page: string }[]
  dynamicRoutes?: { page: string; regex: string }[]
}
type Patterns = { fixed: Set<string>; dynamic: { page: string; regex: RegExp }[] }

let patterns: Patterns | undefined

/**
 * The route a path was served by, as the app names it (`/api/v1/services/[serviceId]/split`), from
 * the build's routes manifest: a bounded label for metrics and logs, where the path itself would
 * make one series per id. Static chunks are one route; a path of no route is `other`.
 */
export function routeOf(pathname: string): string {
  if (pathname.startsWith('/_next/')) return '/_next'
  const { fixed, dynamic } = (patterns ??= loadPatterns())
  const bare = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname
  if (fixed.has(bare)) return bare
  return dynamic.find((d) => d.regex.test(pathname))?.page ?? 'other'
}

/** The standalone server and `next start` run in the folder holding `.next/`. */
function loadPatterns(): Patterns {
  try {
    const file = path.join(process.cwd(), '.next', 'routes-manifest.json')
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest
    return {
      fixed: new Set((manifest.staticRoutes ?? []).map((r) => r.page)),
      dynamic: (manifest.dynamicRoutes ?? []).map((r) => ({
        page: r.page,
        regex: new RegExp(r.regex),
      })),
    }
  } catch {
    return { fixed: new Set(), dynamic: [] } // `next dev` before its first build: every path is `other`
  }
}
