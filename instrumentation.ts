/**
 * Runs once when the server starts: refuses an address the config must not listen on (no sign-in
 * beyond loopback), then opens the audit store, so a data folder another Meshpane already uses (or
 * a database that cannot be migrated) stops this one at start, saying why.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const { loadConfig } = await import('./server/config/config')
  const { listenAddress, listenProblem } = await import('./server/config/listen')
  const { getAudit } = await import('./server/changes')
  try {
    const problem = listenProblem(loadConfig(), listenAddress())
    if (problem) throw new Error(problem)
    await getAudit()
  } catch (err) {
    console.error(`meshpane: cannot start: ${(err as Error).message}`)
    process.exit(1)
  }
}
