// The files the lab writes for its clients: kubeconfigs, Meshpane configs, lab.json, the CA and the
// OpenID Connect client secret.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { stringify } from 'yaml'
import type { MeshpaneAwsConfig } from './appmesh'
import { SCOPES } from './oidc/people'
import type { LabOidc } from './oidc/provider'
import type { LabMetrics } from './traffic/lab-metrics'

export interface ClusterEntry {
  name: string
  server: string
  token: string
  meshpaneToken: string
}

/** One context per cluster, named after it, as the admin or as Meshpane's own identity. */
export function kubeconfig(clusters: ClusterEntry[], caPem: string, as: 'admin' | 'meshpane') {
  const token = (c: ClusterEntry) => (as === 'admin' ? c.token : c.meshpaneToken)
  const ca = Buffer.from(caPem).toString('base64')
  return {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': clusters[0]?.name ?? '',
    clusters: clusters.map((c) => ({
      name: c.name,
      cluster: { server: c.server, 'certificate-authority-data': ca },
    })),
    users: clusters.map((c) => ({ name: `${c.name}-${as}`, user: { token: token(c) } })),
    contexts: clusters.map((c) => ({
      name: c.name,
      context: { cluster: c.name, user: `${c.name}-${as}` },
    })),
  }
}

export interface LabFiles {
  dir: string
  clusters: ClusterEntry[]
  caPem: string
  controlUrl: string
  oidc: LabOidc
  prometheus?: LabMetrics['prometheus']
  aws?: MeshpaneAwsConfig
}

const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n'
const CLIENT_SECRET_FILE = 'oidc-client-secret'

/** The `auth` section signing Meshpane in through the lab's provider (files relative to the config). */
function oidcAuth(oidc: LabOidc) {
  return {
    strategy: 'oidc',
    issuer: oidc.issuer,
    clientId: oidc.clientId,
    clientSecretFile: CLIENT_SECRET_FILE,
    caFile: 'ca.crt', // the issuer's TLS certificate is signed by the lab's CA
    scopes: SCOPES,
    usernameClaim: 'preferred_username',
    groupsClaim: 'groups',
    tokenEndpointAuthMethod: 'client_secret_basic', // how the provider registered Meshpane
  }
}

export function writeLabFiles({
  dir,
  clusters,
  caPem,
  controlUrl,
  oidc,
  prometheus,
  aws,
}: LabFiles) {
  mkdirSync(dir, { recursive: true })
  const write = (file: string, text: string) =>
    writeFileSync(join(dir, file), text, { mode: 0o600 })
  write('kubeconfig', stringify(kubeconfig(clusters, caPem, 'admin')))
  write('meshpane.kubeconfig', stringify(kubeconfig(clusters, caPem, 'meshpane')))
  write('ca.crt', caPem)
  const meshpane = {
    kubeconfig: 'meshpane.kubeconfig',
    sourceTimeoutMs: 3000,
    prometheus: prometheus && { url: prometheus.url, rateWindow: prometheus.rateWindow },
    aws,
    // The audit trail of this lab's Meshpane, beside the files it points at.
    storage: { dir: 'meshpane-data' },
  }
  write('meshpane.json', json(meshpane))
  // The same with sign-in through the lab's provider, kept apart so the plain one stays without sign-in.
  write(CLIENT_SECRET_FILE, oidc.clientSecret)
  write('meshpane-oidc.json', json({ ...meshpane, auth: oidcAuth(oidc) }))
  const entries = Object.fromEntries(
    clusters.map((c) => [c.name, { server: c.server, context: c.name }]),
  )
  const awsEntry = aws
    ? { aws: { endpoint: aws.endpoint, faults: `${aws.endpoint}/_lab/faults` } }
    : {}
  write(
    'lab.json',
    json({
      clusters: entries,
      control: controlUrl,
      ...awsEntry,
      // Prometheus's own query log, for tests that count the queries behind a page.
      ...(prometheus && {
        prometheus: { url: prometheus.url, queryLog: prometheus.queryLogFile },
      }),
      oidc: {
        issuer: oidc.issuer,
        clientId: oidc.clientId,
        clientSecretFile: join(dir, CLIENT_SECRET_FILE),
        redirectUris: oidc.redirectUris,
        meshpaneConfig: join(dir, 'meshpane-oidc.json'),
        tokens: `${controlUrl}/tokens`,
        people: oidc.people.map((p) => ({ name: p.name, password: p.password, groups: p.groups })),
      },
    }),
  )
  return {
    kubeconfigPath: join(dir, 'kubeconfig'),
    meshpaneKubeconfigPath: join(dir, 'meshpane.kubeconfig'),
  }
}
