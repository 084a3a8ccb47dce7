import { readFile } from 'node:fs/promises'

import { ListAccessKeysCommand } from '@aws-sdk/client-iam'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { credentialsSection, type SeededUser } from '../support/moto-account.js'
import { motoUnavailableReason } from '../support/moto.js'
import { Sandbox } from '../support/sandbox.js'
import { type SecretService, secretServiceUnavailableReason, startSecretService } from '../support/secret-service.js'
import { sharedMoto } from '../support/shared-moto.js'
import { filesContaining } from '../support/vault-file-reader.js'

const skip = motoUnavailableReason() ?? secretServiceUnavailableReason()

/**
 * The keychain backend for real on Linux: GNOME Keyring's Secret Service in a private D-Bus
 * session, with secret-tool (libsecret) as the independent reader of what iamkit stored.
 */
describe.skipIf(skip)(`vault with the keychain backend (GNOME Keyring), against moto${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const shared = sharedMoto()
  let keyring: SecretService
  let sandbox: Sandbox
  let alice: SeededUser
  const iamkit = (args: string[], env: NodeJS.ProcessEnv = {}) => sandbox.iamkit(args, { env: { ...keyring.env, ...env } })

  beforeAll(async () => {
    keyring = await startSecretService()
  })
  afterAll(() => keyring?.stop())
  beforeEach(async () => {
    alice = await shared.account.createUser('alice', { mfaDevices: 1 })
    sandbox = await Sandbox.create(shared.moto.endpoint)
    await sandbox.writeCredentials(`${credentialsSection('default', alice)}mfa_serial = ${alice.mfaSerial}\n`)
    return async () => {
      await iamkit(['vault', 'remove', 'default', '--backend', 'keychain', '--yes'])
      await sandbox.dispose()
    }
  })

  it('import stores the key in the keychain (secret-tool reads it), login and rotate use it, nothing in plain text on disk', async () => {
    const imported = await iamkit(['vault', 'import', 'default'])
    expect(imported.code, imported.stderr).toBe(0)
    expect(JSON.parse((await keyring.lookup('iamkit', 'default'))!)).toEqual({ accessKeyId: alice.accessKeyId, secretAccessKey: alice.secretAccessKey })
    expect(await sandbox.readCredentials()).toBe(`[default]\nmfa_serial = ${alice.mfaSerial}\n`)
    expect(await readFile(sandbox.configPath, 'utf8')).toContain('iamkit_vault = keychain\n')
    expect(await filesContaining(sandbox.home, [alice.secretAccessKey])).toEqual([])

    const login = await iamkit(['login', 'default', '--token-code', '123456', '--json'])
    expect(login.code, login.stderr).toBe(0)
    expect(JSON.parse(login.stdout)).toMatchObject({ profile: 'default', kind: 'user', reused: false, mfaSerial: alice.mfaSerial })

    const rotate = await iamkit(['rotate', 'default', '--token-code', '123456', '--yes', '--json'])
    expect(rotate.code, rotate.stderr).toBe(0)
    const { newAccessKeyId } = JSON.parse(rotate.stdout)
    const held = JSON.parse((await keyring.lookup('iamkit', 'default'))!)
    expect(held.accessKeyId).toBe(newAccessKeyId)
    expect(await keyring.lookup('iamkit-rotation', 'default'), 'the journal entry is removed with the journal').toBeUndefined()
    const keys = await shared.account.iam.send(new ListAccessKeysCommand({ UserName: 'alice' }))
    expect(keys.AccessKeyMetadata!.map((k) => k.AccessKeyId)).toEqual([newAccessKeyId])
    expect(await filesContaining(sandbox.home, [alice.secretAccessKey, held.secretAccessKey])).toEqual([])

    const list = await iamkit(['vault', 'list', '--json'])
    expect(JSON.parse(list.stdout).profiles).toEqual([{ profile: 'default', backend: 'keychain', state: 'ok' }])
  })

  it('without a Secret Service: "start gnome-keyring or use --backend file", exit 1, nothing changed', async () => {
    const before = await sandbox.readCredentials()
    const run = await sandbox.iamkit(['vault', 'import', 'default', '--backend', 'keychain'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^iamkit: no keychain answered .*start gnome-keyring \(or KWallet\), or use --backend file\n$/)
    expect(await sandbox.readCredentials()).toBe(before)
  })

  it('a locked keychain is named as such, and the key stays where it was', async () => {
    expect((await iamkit(['vault', 'import', 'default'])).code).toBe(0)
    await keyring.lock()
    try {
      const login = await iamkit(['login', 'default', '--token-code', '123456'])
      expect(login.code).toBe(1)
      expect(login.stderr).toMatch(/^iamkit: the keychain is locked .*unlock it/)
    } finally {
      await keyring.unlock()
    }
    expect(JSON.parse((await keyring.lookup('iamkit', 'default'))!).accessKeyId).toBe(alice.accessKeyId)
  })
})
