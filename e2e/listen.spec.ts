import { expect, test } from '@playwright/test'
import { freePort } from '@/server/fixtures/free-port'
import { refusedStart } from '@/server/fixtures/meshpane-process'
import { configVariant } from './fixtures/config-variant'

test('npm start without sign-in on every interface refuses to start, saying how to configure sign-in', async () => {
  const config = configVariant('no-auth', { auth: { strategy: 'none' } })
  const { code, stderr } = await refusedStart(await freePort(), config, '0.0.0.0')
  expect(code).not.toBe(0)
  expect(stderr).toMatch(/meshpane: cannot start: auth.strategy is "none"/)
  expect(stderr).toMatch(/"auth": \{ "strategy": "oidc"/)
})
