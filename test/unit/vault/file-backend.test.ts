import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { FileBackend } from '../../../src/vault/file-backend.js'
import { vaultFilePath } from '../../../src/vault/vault-file-path.js'
import { passphraseSource } from '../../../src/vault/passphrase.js'

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
// 2^12 keeps the suite fast; the production cost (2^16) is measured in bench, not here.
const FAST = 12

describe('file backend', () => {
  let dir: string
  let path: string
  const backend = (passphrase = 'correct horse', extra: Partial<ConstructorParameters<typeof FileBackend>[0]> = {}) =>
    new FileBackend({ path, passphrase: passphraseSource({ env: passphrase }), newFileLog2N: FAST, ...extra })

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'iamkit-vault-'))
    path = join(dir, '.aws', 'iamkit-vault')
    // Outside the real ~/.aws iamkit creates no folder (SPEC §0): the test makes it.
    await mkdir(join(dir, '.aws'), { mode: 0o700 })
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('round-trips entries per profile and purpose, and lists them without a passphrase', async () => {
    await backend().set({ profile: 'default', purpose: 'key' }, SECRET)
    await backend().set({ profile: 'work', purpose: 'key' }, 'other-secret')
    await backend().set({ profile: 'default', purpose: 'rotation' }, 'journal')
    const fresh = backend()
    expect(await fresh.get({ profile: 'default', purpose: 'key' })).toBe(SECRET)
    expect(await fresh.get({ profile: 'default', purpose: 'rotation' })).toBe('journal')
    expect(await fresh.get({ profile: 'nobody', purpose: 'key' })).toBeUndefined()
    const noPassphrase = new FileBackend({ path, passphrase: passphraseSource({}) })
    expect(await noPassphrase.list('key')).toEqual(['default', 'work'])
    expect(await noPassphrase.list('rotation')).toEqual(['default'])
    expect(await fresh.delete({ profile: 'work', purpose: 'key' })).toBe(true)
    expect(await fresh.delete({ profile: 'work', purpose: 'key' })).toBe(false)
    expect(await fresh.list('key')).toEqual(['default'])
  })

  it('writes one JSON document, mode 0600, with salt and scrypt parameters and no plain secret', async () => {
    await backend().set({ profile: 'default', purpose: 'key' }, SECRET)
    const text = await readFile(path, 'utf8')
    expect(text).not.toContain(SECRET)
    const document = JSON.parse(text)
    expect(document).toMatchObject({ format: 'iamkit-vault', version: 1, kdf: { name: 'scrypt', N: 2 ** FAST, r: 8, p: 1 } })
    expect(Buffer.from(document.kdf.salt, 'base64')).toHaveLength(16)
    expect(Object.keys(document.entries)).toEqual(['key/default'])
    expect((await stat(path)).mode & 0o777).toBe(0o600)
  })

  it('uses scrypt N = 2^16 by default for a new file', async () => {
    await new FileBackend({ path, passphrase: passphraseSource({ env: 'p' }) }).set({ profile: 'a', purpose: 'key' }, 'x')
    expect(JSON.parse(await readFile(path, 'utf8')).kdf.N).toBe(2 ** 16)
  })

  it('a wrong passphrase is exit 2 and changes nothing, for reads and writes', async () => {
    await backend().set({ profile: 'default', purpose: 'key' }, SECRET)
    const before = await readFile(path, 'utf8')
    const wrong = backend('Tr0ub4dor')
    await expect(wrong.get({ profile: 'default', purpose: 'key' })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE', exitCode: 2 })
    await expect(wrong.set({ profile: 'other', purpose: 'key' }, 'x')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE', exitCode: 2 })
    await expect(wrong.delete({ profile: 'default', purpose: 'key' })).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE', exitCode: 2 })
    expect(await readFile(path, 'utf8')).toBe(before)
  })

  it.each([
    ['a flipped ciphertext byte', (d: any) => (d.entries['key/default'].ciphertext = flip(d.entries['key/default'].ciphertext))],
    ['a flipped tag byte', (d: any) => (d.entries['key/default'].tag = flip(d.entries['key/default'].tag))],
    ['an entry moved to another name', (d: any) => ((d.entries['key/admin'] = d.entries['key/default']), delete d.entries['key/default'])],
  ])('%s fails authentication: exit 1, and the file is not rewritten', async (_what, tamper) => {
    await backend().set({ profile: 'default', purpose: 'key' }, SECRET)
    const document = JSON.parse(await readFile(path, 'utf8'))
    tamper(document)
    const tamperedText = JSON.stringify(document)
    await writeFile(path, tamperedText)
    const b = backend()
    await expect(b.get({ profile: 'default', purpose: 'key' })).rejects.toMatchObject({ code: 'VAULT_INTEGRITY', exitCode: 1 })
    await expect(b.set({ profile: 'work', purpose: 'key' }, 'x')).rejects.toMatchObject({ code: 'VAULT_INTEGRITY', exitCode: 1 })
    expect(await readFile(path, 'utf8')).toBe(tamperedText)
  })

  it('a file that is not a vault, or whose scrypt parameters would exhaust memory, is exit 1 and kept', async () => {
    await backend().set({ profile: 'default', purpose: 'key' }, SECRET)
    const document = JSON.parse(await readFile(path, 'utf8'))
    document.kdf.N = 2 ** 30
    await writeFile(path, JSON.stringify(document))
    await expect(backend().get({ profile: 'default', purpose: 'key' })).rejects.toMatchObject({ code: 'VAULT_INTEGRITY', exitCode: 1 })
    await writeFile(path, 'not json')
    await expect(backend().set({ profile: 'x', purpose: 'key' }, 'y')).rejects.toMatchObject({ code: 'VAULT_INTEGRITY', exitCode: 1 })
    expect(await readFile(path, 'utf8')).toBe('not json')
  })

  it('concurrent writers of different profiles lose nothing (the file lock)', async () => {
    const profiles = Array.from({ length: 8 }, (_, i) => `p${i}`)
    await Promise.all(profiles.map((p) => backend().set({ profile: p, purpose: 'key' }, `secret-${p}`)))
    const reader = backend()
    expect(await reader.list('key')).toEqual(profiles)
    for (const p of profiles) expect(await reader.get({ profile: p, purpose: 'key' })).toBe(`secret-${p}`)
  })

  it('asks for a new vault passphrase twice and refuses a mismatch, creating nothing', async () => {
    const answers = ['one', 'two']
    const b = new FileBackend({ path, newFileLog2N: FAST, passphrase: passphraseSource({ prompt: async () => answers.shift()! }) })
    await expect(b.set({ profile: 'default', purpose: 'key' }, SECRET)).rejects.toMatchObject({ code: 'PASSPHRASE_MISMATCH', exitCode: 2 })
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('takes the passphrase from a command, and fails without any source instead of waiting', async () => {
    const viaCommand = new FileBackend({ path, newFileLog2N: FAST, passphrase: passphraseSource({ command: 'printf "%s\\n" "correct horse"' }) })
    await viaCommand.set({ profile: 'default', purpose: 'key' }, SECRET)
    expect(await backend('correct horse').get({ profile: 'default', purpose: 'key' })).toBe(SECRET)
    const none = new FileBackend({ path, passphrase: passphraseSource({}) })
    await expect(none.get({ profile: 'default', purpose: 'key' })).rejects.toMatchObject({ code: 'VAULT_PASSPHRASE_REQUIRED', exitCode: 2 })
    const failing = new FileBackend({ path, passphrase: passphraseSource({ command: 'exit 3' }) })
    await expect(failing.get({ profile: 'default', purpose: 'key' })).rejects.toMatchObject({ code: 'PASSPHRASE_COMMAND_FAILED', exitCode: 1 })
  })

  it('finds the file at IAMKIT_VAULT_FILE or ~/.aws/iamkit-vault', () => {
    expect(vaultFilePath({ HOME: '/home/a' })).toBe('/home/a/.aws/iamkit-vault')
    expect(vaultFilePath({ HOME: '/home/a', IAMKIT_VAULT_FILE: '~/v.json' })).toBe('/home/a/v.json')
    expect(vaultFilePath({ HOME: '/home/a', IAMKIT_VAULT_FILE: '/srv/v' })).toBe('/srv/v')
  })
})

function flip(base64: string): string {
  const bytes = Buffer.from(base64, 'base64')
  bytes[0]! ^= 0x01
  return bytes.toString('base64')
}
