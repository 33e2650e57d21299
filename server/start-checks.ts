import 'server-only'
import { getAudit } from '@/server/changes'
import { loadConfig } from '@/server/config/config'
import { listenAddress, listenProblem } from '@/server/config/listen'

/**
 * What must hold before Meshpane serves anyone: an address the config may listen on (no sign-in
 * beyond loopback), and an audit store it can write (a data folder no other Meshpane uses, a
 * database that migrates). Otherwise the process stops, saying why.
 */
export async function checkBeforeServing(): Promise<void> {
  try {
    const problem = listenProblem(loadConfig(), listenAddress())
    if (problem) throw new Error(problem)
    await getAudit()
  } catch (err) {
    console.error(`meshpane: cannot start: ${(err as Error).message}`)
    process.exit(1)
  }
}
