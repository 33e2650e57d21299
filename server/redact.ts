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

/**
 * A parser's error in words and a position, without the excerpt of the text it may quote: YAML
 * errors show the lines around the fault, V8's JSON errors a slice of the input.
 */
export function parseErrorMessage(err: unknown): string {
  const e = err as { name?: string; reason?: string; mark?: { line: number; column: number } }
  if (e.name === 'YAMLException' && e.reason && e.mark)
    return `${e.reason} at line ${e.mark.line + 1}, column ${e.mark.column + 1}`
  if (err instanceof SyntaxError)
    return `not valid JSON${/ at position \d+/.exec(err.message)?.[0] ?? ''}`
  return err instanceof Error ? err.message : String(err)
}
