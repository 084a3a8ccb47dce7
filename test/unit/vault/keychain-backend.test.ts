import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { KeychainBackend } from '../../../src/vault/keychain-backend.js'
import { type SecretService, secretServiceUnavailableReason, startSecretService } from '../../support/secret-service.js'

const skip = secretServiceUnavailableReason()

/**
 * The keychain backend against a real GNOME Keyring (Secret Service over D-Bus), read back with
 * secret-tool. It proves the Linux path only; macOS Keychain and Windows Credential Manager go
 * through the same library calls but are not exercised here. The library keeps its D-Bus
 * connection per process, so "no Secret Service" is tested through the CLI (test/integration/vault-keychain).
 */
describe.skipIf(skip)(`keychain backend on the Secret Service${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let service: SecretService
  const saved: Record<string, string | undefined> = {}

  beforeAll(async () => {
    service = await startSecretService()
    for (const [name, value] of Object.entries(service.env)) {
      saved[name] = process.env[name]
      process.env[name] = value
    }
  })
  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
    await service?.stop()
  })

  it('stores, lists and deletes entries that secret-tool reads back', async () => {
    const backend = new KeychainBackend()
    await backend.set({ profile: 'default', purpose: 'key' }, '{"accessKeyId":"AKIAEXAMPLE","secretAccessKey":"s3cr3t/value"}')
    await backend.set({ profile: 'default', purpose: 'rotation' }, '{"oldSecretAccessKey":"old"}')
    expect(await service.lookup('iamkit', 'default')).toBe('{"accessKeyId":"AKIAEXAMPLE","secretAccessKey":"s3cr3t/value"}')
    expect(await service.lookup('iamkit-rotation', 'default')).toBe('{"oldSecretAccessKey":"old"}')
    expect(await new KeychainBackend().get({ profile: 'default', purpose: 'key' })).toContain('s3cr3t/value')
    expect(await backend.list('key')).toEqual(['default'])
    expect(await backend.delete({ profile: 'default', purpose: 'rotation' })).toBe(true)
    expect(await backend.delete({ profile: 'default', purpose: 'rotation' })).toBe(false)
    expect(await service.lookup('iamkit-rotation', 'default')).toBeUndefined()
    expect(await backend.get({ profile: 'nobody', purpose: 'key' })).toBeUndefined()
  })
})
