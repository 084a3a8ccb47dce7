import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'

import { ListAccessKeysCommand } from '@aws-sdk/client-iam'
import { beforeEach, describe, expect, it } from 'vitest'

import { credentialsSection, type SeededUser } from '../support/moto-account.js'
import { motoUnavailableReason } from '../support/moto.js'
import { Sandbox } from '../support/sandbox.js'
import { sharedMoto } from '../support/shared-moto.js'
import { filesContaining, readVaultFile, vaultKey } from '../support/vault-file-reader.js'

const skip = motoUnavailableReason()
const PASSPHRASE = 'correct horse battery staple'
// A cheaper scrypt for new vault files keeps the suite fast; the format and the code are the same.
const VAULT_ENV = { IAMKIT_VAULT_PASSPHRASE: PASSPHRASE, IAMKIT_VAULT_SCRYPT_LOG2N: '12' }

describe.skipIf(skip)(`vault with the file backend, against moto${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const shared = sharedMoto()
  let sandbox: Sandbox
  let alice: SeededUser
  let vaultPath: string
  const iamkit = (args: string[], env: NodeJS.ProcessEnv = {}) => sandbox.iamkit(args, { env: { ...VAULT_ENV, ...env } })

  /**
   * The AWS CLI, given only `--profile default`, runs the config's credential_process line and
   * signs with the MFA session it prints (moto answers session calls as "user/moto").
   */
  async function expectCliUsesSession(env: NodeJS.ProcessEnv = {}) {
    const listed = await sandbox.aws(['configure', 'list', '--profile', 'default'], { env })
    expect(listed.code, listed.stderr).toBe(0)
    const session = /\[default-sts\]\naws_access_key_id = (\S+)/.exec(await sandbox.readCredentials())
    expect(listed.stdout).toMatch(new RegExp(`access_key +\\*+${session![1]!.slice(-4)} +custom-process`))
    const who = await sandbox.aws(['sts', 'get-caller-identity', '--profile', 'default'], { env })
    expect(who.code, who.stderr).toBe(0)
    expect(JSON.parse(who.stdout).Account).toBe('123456789012')
  }

  beforeEach(async () => {
    alice = await shared.account.createUser('alice', { mfaDevices: 1 })
    sandbox = await Sandbox.create(shared.moto.endpoint)
    vaultPath = join(sandbox.home, '.aws', 'iamkit-vault')
    await sandbox.writeCredentials(`# laptop\n${credentialsSection('default', alice)}region = us-east-1\n\n[other]\nregion = eu-west-1\n`)
    return () => sandbox.dispose()
  })

  it('import moves the key into the encrypted file; no file under HOME holds the secret; list shows it', async () => {
    const imported = await iamkit(['vault', 'import', 'default', '--backend', 'file', '--json'])
    expect(imported.code, imported.stderr).toBe(0)
    expect(JSON.parse(imported.stdout)).toMatchObject({ profile: 'default', backend: 'file', accessKeyId: alice.accessKeyId, resumed: false })
    expect(await sandbox.readCredentials()).toBe('# laptop\n[default]\nregion = us-east-1\n\n[other]\nregion = eu-west-1\n')
    const config = await readFile(sandbox.configPath, 'utf8')
    expect(config).toMatch(/^\[default\]\niamkit_vault = file\ncredential_process = .+ credential-process default\n$/)
    expect(await vaultKey(vaultPath, PASSPHRASE, 'default')).toEqual({ accessKeyId: alice.accessKeyId, secretAccessKey: alice.secretAccessKey })
    expect((await stat(vaultPath)).mode & 0o777).toBe(0o600)
    expect(await filesContaining(sandbox.home, [alice.secretAccessKey])).toEqual([])

    const list = await iamkit(['vault', 'list', '--json'], { IAMKIT_VAULT_PASSPHRASE: '' })
    expect(list.code, list.stderr).toBe(0)
    expect(JSON.parse(list.stdout)).toEqual({ profiles: [{ profile: 'default', backend: 'file', state: 'ok' }] })
    expect(list.stdout).not.toContain(alice.secretAccessKey)

    const again = await iamkit(['vault', 'import', 'default', '--backend', 'file'])
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/already in a vault/)
  })

  it('init, login, exec and the AWS CLI through credential_process work on a vault profile', async () => {
    expect((await iamkit(['vault', 'import', 'default', '--backend', 'file'])).code).toBe(0)
    const init = await iamkit(['init', 'default', '--json'])
    expect(init.code, init.stderr).toBe(0)
    expect(JSON.parse(init.stdout)).toMatchObject({ username: 'alice', mfaSerial: alice.mfaSerial })

    // Without the passphrase a new session cannot be made: exit 2, files unchanged.
    const before = await sandbox.readCredentials()
    const locked = await iamkit(['login', 'default', '--token-code', '123456'], { IAMKIT_VAULT_PASSPHRASE: '' })
    expect(locked.code).toBe(2)
    expect(locked.stderr).toMatch(/needs its passphrase .*IAMKIT_VAULT_PASSPHRASE/)
    const wrong = await iamkit(['login', 'default', '--token-code', '123456'], { IAMKIT_VAULT_PASSPHRASE: 'wrong' })
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toMatch(/passphrase does not open/)
    expect(await sandbox.readCredentials()).toBe(before)

    const login = await iamkit(['login', 'default', '--passphrase-command', `printf '%s' '${PASSPHRASE}'`, '--token-code', '123456'], { IAMKIT_VAULT_PASSPHRASE: '' })
    expect(login.code, login.stderr).toBe(0)
    // The AWS CLI runs the config's credential_process line itself (iamkit is not on PATH here).
    await expectCliUsesSession()
    const exec = await iamkit(['exec', 'default', '--', 'aws', 'sts', 'get-caller-identity'])
    expect(exec.code, exec.stderr).toBe(0)
    expect(JSON.parse(exec.stdout).Account).toBe('123456789012')
    expect(await filesContaining(sandbox.home, [alice.secretAccessKey])).toEqual([])
  })

  it('credential_process is plain "iamkit …" when this iamkit is on PATH, and the AWS CLI runs it', async () => {
    const bin = join(sandbox.home, 'bin')
    const { mkdir, symlink } = await import('node:fs/promises')
    await mkdir(bin)
    const { IAMKIT_BIN } = await import('../support/sandbox.js')
    await symlink(IAMKIT_BIN, join(bin, 'iamkit'))
    const PATH = `${bin}:${process.env.PATH}`
    expect((await iamkit(['vault', 'import', 'default', '--backend', 'file'], { PATH })).code).toBe(0)
    expect(await readFile(sandbox.configPath, 'utf8')).toContain('credential_process = iamkit credential-process default\n')
    expect((await iamkit(['login', 'default', '--token-code', '123456'], { PATH })).code).toBe(0)
    await expectCliUsesSession({ PATH })
  })

  it('rotate writes the new key into the vault, the old key is deleted, and no secret is ever in plain text', async () => {
    expect((await iamkit(['vault', 'import', 'default', '--backend', 'file'])).code).toBe(0)
    const rotate = await iamkit(['rotate', 'default', '--yes', '--json'])
    expect(rotate.code, rotate.stderr).toBe(0)
    const result = JSON.parse(rotate.stdout)
    expect(result).toMatchObject({ oldAccessKeyId: alice.accessKeyId, oldKey: 'deleted', rotated: true })
    const held = await vaultKey(vaultPath, PASSPHRASE, 'default')
    expect(held?.accessKeyId).toBe(result.newAccessKeyId)
    const keys = await shared.account.iam.send(new ListAccessKeysCommand({ UserName: 'alice' }))
    expect(keys.AccessKeyMetadata!.map((k) => k.AccessKeyId)).toEqual([result.newAccessKeyId])
    // The rotation's journal entry is gone from the vault, and nothing on disk holds either secret.
    expect(Object.keys(await readVaultFile(vaultPath, PASSPHRASE))).toEqual(['key/default'])
    expect(await filesContaining(sandbox.home, [alice.secretAccessKey, held!.secretAccessKey])).toEqual([])
    // The new key works for the AWS CLI (as the only credentials it is given).
    const who = await sandbox.aws(['sts', 'get-caller-identity'], { env: { AWS_ACCESS_KEY_ID: held!.accessKeyId, AWS_SECRET_ACCESS_KEY: held!.secretAccessKey } })
    expect(JSON.parse(who.stdout).Arn).toBe(alice.arn)
  })

  it('export puts the key back (asking for --yes without a terminal), and forgets the vault', async () => {
    expect((await iamkit(['vault', 'import', 'default', '--backend', 'file'])).code).toBe(0)
    const refused = await iamkit(['vault', 'export', 'default'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/pass --yes/)
    const exported = await iamkit(['vault', 'export', 'default', '--yes'])
    expect(exported.code, exported.stderr).toBe(0)
    expect(await sandbox.readCredentials()).toBe(`# laptop\n[default]\nregion = us-east-1\naws_access_key_id = ${alice.accessKeyId}\naws_secret_access_key = ${alice.secretAccessKey}\n\n[other]\nregion = eu-west-1\n`)
    expect(await readFile(sandbox.configPath, 'utf8')).toBe('[default]\n')
    expect(await readVaultFile(vaultPath, PASSPHRASE)).toEqual({})
    const who = await sandbox.aws(['sts', 'get-caller-identity', '--profile', 'default'])
    expect(JSON.parse(who.stdout).Arn).toBe(alice.arn)
  })

  it('imports of different profiles at the same time all land in the one vault file', async () => {
    const users = await Promise.all(['bob', 'carol', 'dave', 'erin'].map((name) => shared.account.createUser(name)))
    await sandbox.writeCredentials(users.map((u) => credentialsSection(u.userName, u)).join('\n'))
    const runs = await Promise.all(users.map((u) => iamkit(['vault', 'import', u.userName, '--backend', 'file'])))
    for (const run of runs) expect(run.code, run.stderr).toBe(0)
    for (const u of users) expect(await vaultKey(vaultPath, PASSPHRASE, u.userName)).toEqual({ accessKeyId: u.accessKeyId, secretAccessKey: u.secretAccessKey })
    expect(await sandbox.readCredentials()).toBe(users.map((u) => `[${u.userName}]\n`).join('\n'))
    expect(await filesContaining(sandbox.home, users.map((u) => u.secretAccessKey))).toEqual([])
  })

  it('a profile without keys, or a tampered vault file, is refused with what to do', async () => {
    const none = await iamkit(['vault', 'import', 'other', '--backend', 'file'])
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/no aws_access_key_id .*no key to import/)
    expect((await iamkit(['vault', 'import', 'default', '--backend', 'file'])).code).toBe(0)
    const document = JSON.parse(await readFile(vaultPath, 'utf8'))
    const bytes = Buffer.from(document.entries['key/default'].ciphertext, 'base64')
    bytes[3]! ^= 0x20
    document.entries['key/default'].ciphertext = bytes.toString('base64')
    const { writeFile } = await import('node:fs/promises')
    const tampered = JSON.stringify(document)
    await writeFile(vaultPath, tampered)
    const login = await iamkit(['login', 'default', '--token-code', '123456'])
    expect(login.code).toBe(1)
    expect(login.stderr).toMatch(/fails its integrity check .*not rewritten/)
    expect(await readFile(vaultPath, 'utf8')).toBe(tampered)
  })
})
