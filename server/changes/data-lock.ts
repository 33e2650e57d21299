import 'server-only'
import fs from 'node:fs'
import path from 'node:path'

/** Another process already uses the embedded data folder. */
export class DataFolderInUseError extends Error {}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Takes the embedded database's folder for this process: two processes writing one PGlite folder
 * would corrupt it. A lock left by a process that died is taken over. Returns the release.
 */
export function lockDataFolder(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, 'meshpane.lock')
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' })
      return () => fs.rmSync(file, { force: true })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const holder = Number(fs.readFileSync(file, 'utf8'))
      if (holder !== process.pid && Number.isInteger(holder) && holder > 0 && alive(holder))
        throw new DataFolderInUseError(
          `the data folder ${dir} is in use by another Meshpane (pid ${holder}): give each process its own storage.dir, or share one PostgreSQL with storage.postgresUrl`,
        )
      fs.rmSync(file, { force: true })
    }
  }
}
