/** Runs once when the server starts (Next's hook); the checks live in Node-only server code. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const { checkBeforeServing } = await import('./server/start-checks')
  await checkBeforeServing()
  const { startServing } = await import('./server/serving')
  startServing()
  // Rollouts resume at boot, not at the first request: a restart must not stall one.
  const { getRollouts } = await import('./server/rollouts')
  await getRollouts()
}
