import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { loadedCode } from '../support/loaded-code.js'
import { Sandbox } from '../support/sandbox.js'

/** The keychain's native module loads only when a keychain profile is used (issue 13). */
describe('the keychain module stays off every other path', () => {
  let sandbox: Sandbox
  beforeEach(async () => {
    // Port 9 refuses connections: commands fail at their first AWS call, after reading the key.
    sandbox = await Sandbox.create('http://127.0.0.1:9')
    await sandbox.writeCredentials('[default]\naws_access_key_id = AKIAFAKEFAKEFAKE0001\naws_secret_access_key = fake-secret-value\n')
    await sandbox.writeConfig('[profile chest]\niamkit_vault = keychain\n\n[profile box]\niamkit_vault = file\n')
  })
  afterEach(() => sandbox.dispose())

  const loaded = async (args: string[]) => {
    const { packages } = await loadedCode(args, { ...sandbox.env, AWS_MAX_ATTEMPTS: '1', IAMKIT_VAULT_PASSPHRASE: 'p' })
    return packages.has('@napi-rs/keyring')
  }

  it.each([[['--help']], [['vault', 'import', '--help']], [['init', 'default']], [['login', 'box', '--token-code', '123456']], [['credential-process', 'default']]])(
    'iamkit %j does not load @napi-rs/keyring',
    async (args) => {
      expect(await loaded(args)).toBe(false)
    },
  )

  it('while a keychain profile does (so the probe sees it)', async () => {
    expect(await loaded(['init', 'chest'])).toBe(true)
  })
})
