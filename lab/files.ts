// The files the lab writes for its clients: kubeconfig, Meshpane config, lab.json and the CA.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { stringify } from 'yaml'
import type { MeshpaneAwsConfig } from './appmesh'
import type { LabMetrics } from './traffic/lab-metrics'

export interface ClusterEntry {
  name: string
  server: string
  token: string
}

export function kubeconfig(clusters: ClusterEntry[], caPem: string) {
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
    users: clusters.map((c) => ({ name: `${c.name}-admin`, user: { token: c.token } })),
    contexts: clusters.map((c) => ({
      name: c.name,
      context: { cluster: c.name, user: `${c.name}-admin` },
    })),
  }
}

export function writeLabFiles(
  dir: string,
  clusters: ClusterEntry[],
  caPem: string,
  controlUrl: string,
  prometheus?: LabMetrics['prometheus'],
  aws?: MeshpaneAwsConfig,
) {
  mkdirSync(dir, { recursive: true })
  const write = (file: string, text: string) =>
    writeFileSync(join(dir, file), text, { mode: 0o600 })
  write('kubeconfig', stringify(kubeconfig(clusters, caPem)))
  write('ca.crt', caPem)
  write(
    'meshpane.json',
    JSON.stringify(
      {
        kubeconfig: 'kubeconfig',
        sourceTimeoutMs: 3000,
        prometheus: prometheus && { url: prometheus.url, rateWindow: prometheus.rateWindow },
        aws,
        // The audit trail of this lab's Meshpane, beside the files it points at.
        storage: { dir: 'meshpane-data' },
      },
      null,
      2,
    ) + '\n',
  )
  const entries = Object.fromEntries(
    clusters.map((c) => [c.name, { server: c.server, context: c.name }]),
  )
  const awsEntry = aws
    ? { aws: { endpoint: aws.endpoint, faults: `${aws.endpoint}/_lab/faults` } }
    : {}
  write(
    'lab.json',
    JSON.stringify(
      {
        clusters: entries,
        control: controlUrl,
        ...awsEntry,
        // Prometheus's own query log, for tests that count the queries behind a page.
        ...(prometheus && {
          prometheus: { url: prometheus.url, queryLog: prometheus.queryLogFile },
        }),
      },
      null,
      2,
    ) + '\n',
  )
  return join(dir, 'kubeconfig')
}
