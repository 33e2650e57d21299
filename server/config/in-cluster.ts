import 'server-only'
import path from 'node:path'
import { z } from 'zod'

/** Where Kubernetes mounts a pod's service account: `token`, `ca.crt` and `namespace`. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount'

/**
 * The `inCluster` section: when Meshpane runs in a pod (KUBERNETES_SERVICE_HOST/PORT set and the
 * service-account folder mounted), the cluster it runs in is a source named `name`, reached as
 * the pod's service account, beside the kubeconfig's contexts.
 */
export const InClusterConfig = z
  .object({
    enabled: z.boolean().default(true),
    name: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, {
        error: 'must be a DNS name (lower-case letters, digits, "-" and ".")',
      })
      .max(253)
      .default('in-cluster'),
    serviceAccountDir: z.string().min(1).default(SERVICE_ACCOUNT_DIR),
  })
  .strict()
  .default({ enabled: true, name: 'in-cluster', serviceAccountDir: SERVICE_ACCOUNT_DIR })
export type InClusterConfig = z.infer<typeof InClusterConfig>

/** The folder resolved against `dir` (the config file's folder). */
export const resolveInClusterPaths = (c: InClusterConfig, dir: string): InClusterConfig => ({
  ...c,
  serviceAccountDir: path.resolve(dir, c.serviceAccountDir),
})
