import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config'

function configFile(content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshpane-config-'))
  const file = path.join(dir, 'meshpane.json')
  fs.writeFileSync(file, content)
  return file
}

describe('loadConfig', () => {
  it('defaults to every context of the default kubeconfig and a 3 s timeout', () => {
    expect(loadConfig({})).toEqual({ sourceTimeoutMs: 3000 })
  })

  it('resolves the kubeconfig against the config file folder', () => {
    const file = configFile(
      '{ "kubeconfig": "kubeconfig", "contexts": ["a"], "sourceTimeoutMs": 500 }',
    )
    expect(loadConfig({ MESHPANE_CONFIG: file })).toEqual({
      kubeconfig: path.join(path.dirname(file), 'kubeconfig'),
      contexts: ['a'],
      sourceTimeoutMs: 500,
    })
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
})
