import 'server-only'

/**
 * Texts that reach answers and logs, stripped of what may be secret: a URL's credentials and
 * query, and the source excerpts parsers quote in their errors (a kubeconfig's token, say).
 */

/** A URL as messages and answers show it: scheme, host and path only. */
export function safeUrl(url: string): string {
  if (!URL.canParse(url)) return '(not a URL)'
  const { origin, pathname } = new URL(url)
  return origin === 'null' ? '(not a URL)' : `${origin}${pathname === '/' ? '' : pathname}`
}
