/** Runs once when the server starts (Next's hook); the checks live in Node-only server code. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const { checkBeforeServing } = await import('./server/start-checks')
  await checkBeforeServing()
  const { startServing } = await import('./server/serving')
  startServing()
}
