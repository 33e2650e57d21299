import 'server-only'
import fs from 'node:fs/promises'
import type { KubeConfig, User } from '@kubernetes/client-node'

type Authenticator = Parameters<KubeConfig['addAuthenticator']>[0]

/** The kubeconfig user's auth provider name this authenticator answers for. */
export const SERVICE_ACCOUNT_PROVIDER = 'meshpane-service-account'

/**
 * The pod's service-account token, re-read whenever the file changes. The kubelet rotates a
 * projected token by swapping the folder's `..data` link, so the file behind `token` is new (inode
 * and mtime); a stat per request sees it at once, where client-node's own token file is re-read
 * only once a minute.
 */
export class ServiceAccountToken implements Authenticator {
  private read?: { stamp: string; token: string }

  constructor(private readonly file: string) {}

  isAuthProvider(user: User): boolean {
    return (user.authProvider as { name?: string } | undefined)?.name === SERVICE_ACCOUNT_PROVIDER
  }

  async applyAuthentication(_user: User, opts: { headers?: unknown }): Promise<void> {
    const stat = await fs.stat(this.file)
    const stamp = `${stat.ino}:${stat.mtimeMs}:${stat.size}`
    if (this.read?.stamp !== stamp)
      this.read = { stamp, token: (await fs.readFile(this.file, 'utf8')).trim() }
    opts.headers = { ...(opts.headers as object), Authorization: `Bearer ${this.read.token}` }
  }
}
