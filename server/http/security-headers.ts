import 'server-only'

/**
 * The Content-Security-Policy of every answer: scripts only from us and with this request's
 * nonce (Next puts it on its own scripts), nothing may frame us, no plugins, forms and base URL
 * ours, workers only from our own files. Styles allow inline `style` attributes, which React and
 * the charts render server-side. In development React needs eval for its error overlay.
 * `formTargets`: origins a form's answer may redirect to (browsers apply form-action to
 * redirects): the sign-in provider, for Sign out.
 */
export function contentSecurityPolicy(
  nonce: string,
  development: boolean,
  formTargets: readonly string[] = [],
): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    // The graph's layout worker is a script file of ours; without this, workers fall back to
    // script-src, where 'strict-dynamic' ignores 'self' and no nonce can be put on a worker.
    "worker-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    ["form-action 'self'", ...formTargets].join(' '),
    "frame-ancestors 'none'",
  ].join('; ')
}

/** Headers every answer carries besides the CSP: no MIME sniffing, no framing, no referrer outside. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
}
