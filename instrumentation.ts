/**
 * Runs once when the server starts: opens the audit store, so a data folder another Meshpane
 * already uses (or a database that cannot be migrated) stops this one at start, saying why.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const { getAudit } = await import('./server/changes')
  try {
    await getAudit()
  } catch (err) {
    console.error(`meshpane: cannot start: ${(err as Error).message}`)
    process.exit(1)
  }
}
