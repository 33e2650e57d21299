import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config'

function configFile(content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshpane-config-'))
  const file = path.join(dir, 'meshpane.json')
  fs.writeFileSync(file, content)
  return file
}

describe('loadConfig', () => {
  it('defaults to every context of the default kubeconfig, a 3 s timeout, no sign-in, writes allowed', () => {
    expect(loadConfig({})).toEqual({
      sourceTimeoutMs: 3000,
      inCluster: {
        enabled: true,
        name: 'in-cluster',
        serviceAccountDir: '/var/run/secrets/kubernetes.io/serviceaccount',
      },
      storage: { dir: path.resolve('.meshpane-data'), retentionDays: 365 },
      auth: { strategy: 'none' },
      rollouts: { webhooks: [], tickMs: 1000 },
      viewOnly: false,
    })
  })

  it('resolves the kubeconfig and the service-account folder against the config file folder', () => {
    const file = configFile(
      '{ "kubeconfig": "kubeconfig", "contexts": ["a"], "sourceTimeoutMs": 500, "inCluster": { "serviceAccountDir": "sa" } }',
    )
    expect(loadConfig({ MESHPANE_CONFIG: file })).toEqual({
      kubeconfig: path.join(path.dirname(file), 'kubeconfig'),
      contexts: ['a'],
      sourceTimeoutMs: 500,
      inCluster: {
        enabled: true,
        name: 'in-cluster',
        serviceAccountDir: path.join(path.dirname(file), 'sa'),
      },
      storage: { dir: path.join(path.dirname(file), '.meshpane-data'), retentionDays: 365 },
      auth: { strategy: 'none' },
      rollouts: { webhooks: [], tickMs: 1000 },
      viewOnly: false,
    })
  })

  it('reads the auth section with its defaults, files relative to the config file', () => {
    const file = configFile(
      JSON.stringify({
        auth: {
          strategy: 'oidc',
          issuer: 'https://idp.example',
          clientId: 'meshpane',
          clientSecretFile: 'secret',
          caFile: 'ca.crt',
        },
      }),
    )
    expect(loadConfig({ MESHPANE_CONFIG: file }).auth).toEqual({
      strategy: 'oidc',
      issuer: 'https://idp.example',
      clientId: 'meshpane',
      clientSecretFile: path.join(path.dirname(file), 'secret'),
      caFile: path.join(path.dirname(file), 'ca.crt'),
      scopes: ['openid', 'profile', 'email', 'groups'],
      usernameClaim: 'preferred_username',
      groupsClaim: 'groups',
      tokenEndpointAuthMethod: 'client_secret_basic',
      sessionTtlSeconds: 8 * 3600,
    })
    const proxy = configFile('{ "auth": { "strategy": "proxy", "userHeader": "x user" } }')
    expect(() => loadConfig({ MESHPANE_CONFIG: proxy })).toThrow(
      /field "auth.userHeader": must be an HTTP header name; field "auth.secretFile"/,
    )
  })

  it('reads rollout webhooks: a secret URL from a file beside the config, never both ways', () => {
    const file = configFile('{ "rollouts": { "webhooks": [{ "urlFile": "slack-url" }] } }')
    expect(loadConfig({ MESHPANE_CONFIG: file }).rollouts).toEqual({
      webhooks: [{ urlFile: path.join(path.dirname(file), 'slack-url') }],
      tickMs: 1000,
    })
    const both = configFile(
      '{ "rollouts": { "webhooks": [{ "url": "https://h.example/x", "urlFile": "f" }] } }',
    )
    expect(() => loadConfig({ MESHPANE_CONFIG: both })).toThrow(
      /field "rollouts\.webhooks\.0": give either url or urlFile/,
    )
  })

  it('refuses a PostgreSQL password in the URL, naming the field without echoing it', () => {
    const file = configFile('{ "storage": { "postgresUrl": "postgres://app:s3cret@db:5432/m" } }')
    const load = () => loadConfig({ MESHPANE_CONFIG: file })
    expect(load).toThrow(/field "storage\.postgresUrl": must not carry a password.*PasswordFile/)
    expect(load).not.toThrow(/s3cret/)
  })

  it('names the file and the field of a bad value', () => {
    const file = configFile('{ "sourceTimeoutMs": "soon", "contexts": [1] }')
    expect(() => loadConfig({ MESHPANE_CONFIG: file })).toThrow(ConfigError)
    expect(() => loadConfig({ MESHPANE_CONFIG: file })).toThrow(
      /meshpane\.json: .*field "sourceTimeoutMs"/,
    )
    expect(() => loadConfig({ MESHPANE_CONFIG: file })).toThrow(/field "contexts\.0"/)
  })

  it('names the file when it is not JSON or missing', () => {
    expect(() => loadConfig({ MESHPANE_CONFIG: configFile('{ nope') })).toThrow(
      /meshpane\.json: .*JSON/,
    )
    expect(() => loadConfig({ MESHPANE_CONFIG: '/nonexistent/meshpane.json' })).toThrow(
      /nonexistent.*ENOENT/,
    )
  })

  describe('the prometheus section', () => {
    const load = (prometheus: unknown) =>
      loadConfig({ MESHPANE_CONFIG: configFile(JSON.stringify({ prometheus })) })

    it('takes basic auth, an Authorization header (Bearer by default) and a CA from files beside it', () => {
      const file = configFile(
        JSON.stringify({
          prometheus: {
            url: 'https://prometheus.example:9090',
            authorization: { credentialsFile: 'secrets/token' },
            tls: { caFile: 'ca.pem' },
          },
        }),
      )
      const dir = path.dirname(file)
      expect(loadConfig({ MESHPANE_CONFIG: file }).prometheus).toMatchObject({
        authorization: { type: 'Bearer', credentialsFile: path.join(dir, 'secrets/token') },
        tls: { caFile: path.join(dir, 'ca.pem'), insecureSkipVerify: false },
      })
      expect(
        load({ url: 'http://p:9090', basicAuth: { username: 'u', passwordFile: '/run/pw' } })
          ?.prometheus?.basicAuth,
      ).toEqual({ username: 'u', passwordFile: '/run/pw' })
    })

    it('refuses credentials in the URL, naming the field without echoing them', () => {
      const refused = () => load({ url: 'http://user:s3cret@127.0.0.1:9090' })
      expect(refused).toThrow(ConfigError)
      expect(refused).toThrow(/field "prometheus\.url": must not carry credentials.*basicAuth/)
      expect(refused).not.toThrow(/s3cret/)
    })

    it('refuses a password in the config itself, and two ways of authenticating at once', () => {
      expect(() =>
        load({ url: 'http://p:9090', basicAuth: { username: 'u', password: 's3cret' } }),
      ).toThrow(
        /field "prometheus\.basicAuth\.passwordFile".*field "prometheus\.basicAuth".*"password"/,
      )
      expect(() =>
        load({
          url: 'http://p:9090',
          basicAuth: { username: 'u', passwordFile: 'pw' },
          authorization: { credentialsFile: 'token' },
        }),
      ).toThrow(/field "prometheus\.authorization": give basicAuth or authorization, not both/)
    })
  })

  describe('any file', () => {
    const SECRET = 'pr0p-s3cret'
    const url = fc.oneof(
      fc.webUrl(),
      fc.webUrl().map((u) => u.replace('://', `://meshpane:${SECRET}@`)),
      fc.string(),
    )
    const aPath = fc.oneof(fc.string(), fc.integer(), fc.constant('secrets/token'))
    /** Config-shaped JSON, valid or off in any field; `?` keys may be absent. */
    const configLike = fc.record(
      {
        kubeconfig: aPath,
        contexts: fc.array(fc.oneof(fc.string(), fc.integer())),
        sourceTimeoutMs: fc.oneof(fc.integer(), fc.double(), fc.string()),
        prometheus: fc.record(
          {
            url,
            rateWindow: fc.oneof(fc.constantFrom('30s', '1m', '5x'), fc.string()),
            timeoutMs: fc.oneof(fc.integer(), fc.string()),
            basicAuth: fc.record(
              { username: fc.string(), passwordFile: aPath, password: fc.constant(SECRET) },
              { requiredKeys: [] },
            ),
            authorization: fc.record(
              { type: fc.oneof(fc.constant('Bearer'), fc.string()), credentialsFile: aPath },
              { requiredKeys: [] },
            ),
            tls: fc.record(
              { caFile: aPath, insecureSkipVerify: fc.oneof(fc.boolean(), fc.string()) },
              { requiredKeys: [] },
            ),
          },
          { requiredKeys: [] },
        ),
        aws: fc.record(
          {
            endpoint: url,
            accounts: fc.array(
              fc.record(
                {
                  profile: fc.string(),
                  regions: fc.array(fc.oneof(fc.constant('eu-west-1'), fc.string())),
                  roleArn: fc.string(),
                },
                { requiredKeys: [] },
              ),
            ),
            maxConcurrency: fc.oneof(fc.integer(), fc.string()),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    )

    it('loads or names the file and field, never failing otherwise nor echoing a secret', () => {
      const configPath = configFile('{}')
      fc.assert(
        fc.property(
          fc.oneof(
            configLike.map((c) => JSON.stringify(c)),
            fc.jsonValue().map((v) => JSON.stringify(v)),
            fc.string(),
          ),
          (content) => {
            fs.writeFileSync(configPath, content)
            try {
              expect(loadConfig({ MESHPANE_CONFIG: configPath })).toBeTypeOf('object')
            } catch (err) {
              expect(err).toBeInstanceOf(ConfigError)
              expect((err as Error).message.startsWith(`MESHPANE_CONFIG ${configPath}: `)).toBe(
                true,
              )
              expect((err as Error).message).not.toContain(SECRET)
            }
          },
        ),
        { numRuns: 300 },
      )
    })
  })
})
