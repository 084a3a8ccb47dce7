import { readFile, utimes } from 'node:fs/promises'
import { join } from 'node:path'

import { beforeEach, describe, expect, it } from 'vitest'

import { Sandbox } from '../support/sandbox.js'
import { filesContaining, vaultKey } from '../support/vault-file-reader.js'

/**
 * "A crash at any point leaves the key in at least one place" (issue 13), for import and export
 * of the file backend. IAMKIT_TEST_KILL_AT=<step> makes iamkit SIGKILL itself right after that
 * step: no finally block runs, its locks stay behind, exactly as after `kill -9` or a power cut
 * (the writes before it were fsynced and renamed). After each kill the key must be readable from
 * the credentials file or, decrypted with an independent reader, from the vault file; then one
 * more run of the same command must finish the job. No AWS call is involved.
 */
const PASSPHRASE = 'crash-test passphrase'
const ENV = { IAMKIT_VAULT_PASSPHRASE: PASSPHRASE, IAMKIT_VAULT_SCRYPT_LOG2N: '12' }
const KEY = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY' }
const ORIGINAL = `# laptop\n[default]\naws_access_key_id = ${KEY.accessKeyId}\naws_secret_access_key = ${KEY.secretAccessKey}\nregion = us-east-1\n`

describe('vault import and export survive SIGKILL at every step', () => {
  let sandbox: Sandbox
  let vaultPath: string

  beforeEach(async () => {
    sandbox = await Sandbox.create()
    vaultPath = join(sandbox.home, '.aws', 'iamkit-vault')
    await sandbox.writeCredentials(ORIGINAL)
    return () => sandbox.dispose()
  })

  const iamkit = (args: string[], killAt?: string) => sandbox.iamkit(args, { env: { ...ENV, ...(killAt ? { IAMKIT_TEST_KILL_AT: killAt } : {}) } })

  /** Where the key is now: the credentials file's lines, the vault file's entry (both may hold it). */
  async function whereIsTheKey() {
    const text = await sandbox.readCredentials()
    const inFile = text.includes(`aws_access_key_id = ${KEY.accessKeyId}\naws_secret_access_key = ${KEY.secretAccessKey}\n`)
    const inVault = (await vaultKey(vaultPath, PASSPHRASE, 'default').catch(() => undefined)) ?? undefined
    expect(inFile || inVault !== undefined, 'the key is in the credentials file or the vault').toBe(true)
    if (inVault) expect(inVault).toEqual(KEY)
    return { inFile, inVault: inVault !== undefined }
  }

  /** A killed process leaves its lock, which goes stale after 15 s: age it instead of waiting. */
  async function ageLocks() {
    const past = new Date(Date.now() - 60_000)
    for (const file of [sandbox.credentialsPath, sandbox.configPath, vaultPath]) await utimes(`${file}.lock`, past, past).catch(() => {})
  }

  it.each(['checked', 'stored', 'verified', 'config-written', 'credentials-written'])('import killed after "%s"', async (step) => {
    const killed = await iamkit(['vault', 'import', 'default', '--backend', 'file'], step)
    expect(killed.code, `killed by SIGKILL: ${killed.stderr}`).toBe(-1)
    await whereIsTheKey()
    await ageLocks()

    const again = await iamkit(['vault', 'import', 'default', '--backend', 'file', '--json'])
    if (step === 'credentials-written') {
      // The import had completed; the second one says so and changes nothing.
      expect(again.code).toBe(2)
      expect(JSON.parse(again.stdout).error.message).toMatch(/already in a vault/)
    } else {
      expect(again.code, again.stderr).toBe(0)
      expect(JSON.parse(again.stdout).resumed).toBe(step !== 'checked')
    }
    expect(await whereIsTheKey()).toEqual({ inFile: false, inVault: true })
    expect(await sandbox.readCredentials()).toBe('# laptop\n[default]\nregion = us-east-1\n')
    expect(await readFile(sandbox.configPath, 'utf8')).toMatch(/^\[default\]\niamkit_vault = file\ncredential_process = .+ credential-process default\n$/)
    expect(await filesContaining(sandbox.home, [KEY.secretAccessKey])).toEqual([])
  })

  it.each(['read', 'credentials-written', 'config-written', 'entry-deleted'])('export killed after "%s"', async (step) => {
    expect((await iamkit(['vault', 'import', 'default', '--backend', 'file'])).code).toBe(0)
    const killed = await iamkit(['vault', 'export', 'default', '--yes'], step)
    expect(killed.code, `killed by SIGKILL: ${killed.stderr}`).toBe(-1)
    await whereIsTheKey()
    await ageLocks()

    const again = await iamkit(['vault', 'export', 'default', '--yes'])
    if (step === 'config-written' || step === 'entry-deleted') {
      // The config no longer names the vault: the profile is a plain one again, key in the file.
      expect(again.code).toBe(2)
      expect(again.stderr).toMatch(/not in a vault/)
    } else {
      expect(again.code, again.stderr).toBe(0)
    }
    const where = await whereIsTheKey()
    expect(where.inFile).toBe(true)
    expect(await readFile(sandbox.configPath, 'utf8')).toBe('[default]\n')
    if (step === 'config-written') {
      // The vault's copy outlived the export: list shows it as unused, remove deletes it.
      expect(JSON.parse((await iamkit(['vault', 'list', '--json'])).stdout).profiles).toEqual([{ profile: 'default', backend: 'file', state: 'unused' }])
      expect((await iamkit(['vault', 'remove', 'default', '--backend', 'file', '--yes'])).code).toBe(0)
    }
    expect(where.inVault && step !== 'config-written').toBe(false)
  })
})
