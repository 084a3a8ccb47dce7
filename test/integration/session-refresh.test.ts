import { chmod, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { FaultProxy } from '../support/fault-proxy.js'
import { credentialsSection, type SeededUser } from '../support/moto-account.js'
import { motoUnavailableReason } from '../support/moto.js'
import { IAMKIT_BIN, Sandbox } from '../support/sandbox.js'
import { sharedMoto } from '../support/shared-moto.js'

const skip = motoUnavailableReason()
const EXPIRED = '2020-01-01T00:00:00Z'

/**
 * credential_process as the AWS CLI runs it: no terminal, before every call. The AWS CLI and
 * iamkit both talk to moto through a counting proxy, so the test sees how many STS calls
 * iamkit made to renew a session. (moto does not check MFA codes or session expiry; the
 * expiry that matters here is the one iamkit reads from the files.)
 */
describe.skipIf(skip)(`credential_process renews sessions without a person${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const shared = sharedMoto()
  let proxy: FaultProxy
  let sandbox: Sandbox
  let alice: SeededUser

  beforeEach(async () => {
    proxy = await FaultProxy.start(shared.moto.endpoint)
    sandbox = await Sandbox.create(proxy.endpoint)
    alice = await shared.account.createUser('alice', { mfaDevices: 1 })
    const roleArn = await shared.account.createRole('Work', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sts:AssumeRole' }],
    })
    await sandbox.writeCredentials(`${credentialsSection('default', alice)}mfa_serial = ${alice.mfaSerial}\nusername = alice\n`)
    // `work` is what tools use; `admin` is the iamkit role profile behind it.
    await sandbox.writeConfig(
      `[profile admin]\nrole_arn = ${roleArn}\nsource_profile = default\n\n` +
        `[profile work]\ncredential_process = ${process.execPath} ${IAMKIT_BIN} credential-process admin\n`,
    )
  })
  afterEach(async () => {
    await sandbox.dispose()
    await proxy.stop()
  })

  const count = (action: string) => proxy.actions().filter((a) => a === action).length

  /** Logs in (role and its source), then marks the chosen sessions expired in the file. */
  async function loginThenExpire(sections: string[]) {
    const login = await sandbox.iamkit(['login', 'admin', '--token-code', '123456'])
    expect(login.code, login.stderr).toBe(0)
    let text = await sandbox.readCredentials()
    for (const section of sections) {
      text = text.replace(new RegExp(`(\\[${section}\\][^[]*?expiration = )\\S+`), `$1${EXPIRED}`)
    }
    await sandbox.writeCredentials(text)
    proxy.calls.length = 0
  }

  it('role session expired, MFA session valid: the AWS CLI gets a new role session, one AssumeRole, no code', async () => {
    await loginThenExpire(['admin-sts'])
    const identity = await sandbox.aws(['sts', 'get-caller-identity', '--profile', 'work'])
    expect(identity.code, identity.stderr).toBe(0)
    expect(JSON.parse(identity.stdout).Arn).toBe('arn:aws:sts::123456789012:assumed-role/Work/iamkit-alice')
    expect(count('AssumeRole')).toBe(1)
    expect(count('GetSessionToken')).toBe(0)
    expect(await sandbox.readCredentials()).not.toContain(EXPIRED)
  })

  it('both expired and mfa_process set: one GetSessionToken with its code, then the role', async () => {
    await loginThenExpire(['admin-sts', 'default-sts'])
    const script = join(sandbox.home, 'code.sh')
    await writeFile(script, '#!/bin/sh\necho "touch your key" >&2\necho 135790\n')
    await chmod(script, 0o755)
    const config = await readFile(sandbox.configPath, 'utf8')
    await sandbox.writeConfig(config.replace('source_profile = default\n', `source_profile = default\nmfa_process = ${script}\n`))
    const identity = await sandbox.aws(['sts', 'get-caller-identity', '--profile', 'work'])
    expect(identity.code, identity.stderr).toBe(0)
    expect(count('GetSessionToken')).toBe(1)
    expect(count('AssumeRole')).toBe(1)
    expect(proxy.calls.find((c) => c.action === 'GetSessionToken')!.body).toContain('TokenCode=135790')
  })

  it('neither: exit 1 with the hint, no STS call, files byte-identical', async () => {
    await loginThenExpire(['admin-sts', 'default-sts'])
    const before = [await sandbox.readCredentials(), await readFile(sandbox.configPath, 'utf8')]
    const direct = await sandbox.iamkit(['credential-process', 'admin'])
    expect(direct.code).toBe(1)
    expect(direct.stdout).toBe('')
    expect(direct.stderr).toMatch(/^iamkit: the session \[admin-sts\] expired at .* run "iamkit login admin" \(or set mfa_process in the profile\)\n$/)
    const viaCli = await sandbox.aws(['sts', 'get-caller-identity', '--profile', 'work'])
    expect(viaCli.code).not.toBe(0)
    expect(viaCli.stderr).toContain('run "iamkit login admin"')
    expect(count('AssumeRole') + count('GetSessionToken')).toBe(0)
    expect([await sandbox.readCredentials(), await readFile(sandbox.configPath, 'utf8')]).toEqual(before)
  })

  it('10 concurrent AWS CLI calls with an expired role session: all succeed, exactly one AssumeRole', async () => {
    await loginThenExpire(['admin-sts'])
    const results = await Promise.all(Array.from({ length: 10 }, () => sandbox.aws(['sts', 'get-caller-identity', '--profile', 'work'])))
    for (const r of results) expect(r.code, r.stderr).toBe(0)
    expect(count('AssumeRole')).toBe(1)
    expect(count('GetCallerIdentity')).toBe(10)
  }, 60_000)

  it('status --check reads key age and last use with one ListAccessKeys and one GetAccessKeyLastUsed per user profile', async () => {
    await loginThenExpire([])
    const status = await sandbox.iamkit(['status', '--check', '--json'])
    expect(status.code, status.stderr).toBe(0)
    const byName = Object.fromEntries((JSON.parse(status.stdout) as { profile: string; key?: unknown }[]).map((s) => [s.profile, s]))
    expect(byName.default).toMatchObject({ kind: 'user', keyStore: 'file', mfaSerial: alice.mfaSerial, key: { accessKeyId: alice.accessKeyId, status: 'Active', ageDays: 0 } })
    expect(byName.admin).toMatchObject({ kind: 'role', session: { section: 'admin-sts' } })
    expect(byName.admin!.key).toBeUndefined()
    expect(proxy.actions().sort()).toEqual(['GetAccessKeyLastUsed', 'ListAccessKeys'])
    const table = await sandbox.iamkit(["status"])
    for (const line of table.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80)
    expect(table.stdout).toMatch(/^admin\s+role\s+-\s+mfa\/alice\S*\s+\d\d-\d\d \d\d:\d\d\s+in (59|60)m$/m)
  })

  it('logout --all after a login leaves the credentials file byte-identical to before it', async () => {
    const before = await sandbox.readCredentials()
    await loginThenExpire([])
    expect(await sandbox.readCredentials()).not.toBe(before)
    const out = await sandbox.iamkit(['logout', '--all'])
    expect(out.code, out.stderr).toBe(0)
    expect(out.stdout).toContain('[admin-sts], [default-sts]')
    expect(await sandbox.readCredentials()).toBe(before)
    expect((await sandbox.iamkit(['logout'])).code).toBe(2)
  })
})
