// The provider's sign-in page (its interaction): a plain form of name and password, checked against
// the scenario's people; a right pair finishes the login and the browser resumes the authorization.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type Provider from 'oidc-provider'
import { readBody } from '../kube/http'
import type { Person } from '../scenario'
import { subjectOf } from './people'

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

function page(uid: string, people: Person[], error?: string) {
  const demo = people
    .map(
      (p) =>
        `<li><code>${escape(p.name)}</code> / <code>${escape(p.password)}</code> (${escape(p.groups.join(', '))})</li>`,
    )
    .join('')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in · Meshpane lab</title></head>
<body>
<h1>Sign in to the Meshpane lab</h1>
${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label>Name <input name="name" autocomplete="username" required autofocus></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form>
<p>Demo people (name / password, groups):</p><ul>${demo}</ul>
</body></html>`
}

export const errorPage = (message: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in error · Meshpane lab</title></head><body><h1>Sign-in error</h1><p>${escape(message)}</p></body></html>`

function sendPage(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(html)
}

async function signIn(
  provider: Provider,
  people: Person[],
  req: IncomingMessage,
  res: ServerResponse,
) {
  const { uid } = await provider.interactionDetails(req, res)
  const form = new URLSearchParams(await readBody(req))
  const person = people.find(
    (p) => p.name === form.get('name') && p.password === form.get('password'),
  )
  if (!person) return sendPage(res, 200, page(uid, people, 'Unknown name or wrong password.'))
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: subjectOf(person) } },
    { mergeWithLastSubmission: false },
  )
}

async function show(
  provider: Provider,
  people: Person[],
  req: IncomingMessage,
  res: ServerResponse,
) {
  const { uid, prompt } = await provider.interactionDetails(req, res)
  // Meshpane is the lab's first-party client: its grant comes with the login, no consent page.
  if (prompt.name !== 'login')
    return sendPage(res, 400, `<p>Unexpected prompt ${escape(prompt.name)}</p>`)
  sendPage(res, 200, page(uid, people))
}

/** Serves `/interaction/<uid>` (GET the form, POST `/login`); false for every other path. */
export function loginRoutes(provider: Provider, people: Person[]) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = new URL(req.url ?? '/', 'https://lab').pathname
    const m = /^\/interaction\/[^/]+(\/login)?$/.exec(path)
    if (!m) return false
    const post = m[1] !== undefined
    if (post !== (req.method === 'POST')) return false
    ;(post ? signIn : show)(provider, people, req, res).catch((e: Error) =>
      sendPage(res, 400, errorPage(e.message)),
    )
    return true
  }
}
