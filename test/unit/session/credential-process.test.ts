import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { AssumeRoleCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { reportFor } from '../../../src/cli/error-report.js'
import type { MfaCodeContext } from '../../../src/mfa/mfa-code-source.js'
import { credentialProcessSession } from '../../../src/session/credential-process.js'
import { ServiceFixture, stsCredentials, USER_KEYS } from '../../support/service-fixture.js'

const sts = mockClient(STSClient)
const NOW = new Date('2026-11-22T10:00:00Z')
const ROLE = '[profile work]\nrole_arn = arn:aws:iam::210987654321:role/Work\nsource_profile = default\n'
let fx: ServiceFixture
let asked: { serial: string; context?: MfaCodeContext }[]

beforeEach(async () => {
  sts.reset()
  asked = []
  fx = await ServiceFixture.create()
})
afterEach(() => fx.dispose())

function session(profile: string, minutesLeft: number, n = 9) {
  const expiration = new Date(NOW.getTime() + minutesLeft * 60_000).toISOString().replace('.000Z', 'Z')
  return `\n[${profile}-sts]\naws_access_key_id = ASIAFAKEFAKEFAKE000${n}\naws_secret_access_key = fakeCachedSecret${n}\naws_session_token = fakeCachedToken${n}\nexpiration = ${expiration}\n`
}

/** The command's code source, recording what it was asked; it answers only from an mfa_process. */
async function serve(profile = 'work') {
  const snapshot = await fx.store.read()
  return credentialProcessSession(profile, {
    snapshot,
    store: fx.store,
    sts: fx.sts,
    reporter: fx.reporter,
    now: () => NOW,
    codes: async (serial, context) => {
      asked.push({ serial, context })
      return '654321'
    },
  })
}

describe('credential-process refreshes what it can without a person', () => {
  it('serves a stored session with more than 15 minutes left, with no AWS call', async () => {
    await fx.writeCredentials(USER_KEYS + session('work', 30))
    await fx.writeConfig(ROLE)
    expect((await serve()).accessKeyId).toBe('ASIAFAKEFAKEFAKE0009')
    expect(sts.calls()).toHaveLength(0)
  })

  it("assumes an expired role again with the source's stored MFA session: one AssumeRole, no code", async () => {
    sts.on(AssumeRoleCommand).resolves({ Credentials: stsCredentials(2, NOW, 60) })
    await fx.writeCredentials(USER_KEYS + session('default', 600, 1) + session('work', -5, 8))
    await fx.writeConfig(ROLE)
    expect((await serve()).accessKeyId).toBe('ASIAFAKEFAKEFAKE0002')
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1)
    expect(sts.commandCalls(GetSessionTokenCommand)).toHaveLength(0)
    expect(asked).toEqual([])
    const file = await fx.readCredentials()
    expect(file).toContain('[work-sts]\naws_access_key_id = ASIAFAKEFAKEFAKE0002')
    expect(file).toContain('[default-sts]\naws_access_key_id = ASIAFAKEFAKEFAKE0001')
  })

  it('walks a chain of roles: the middle role’s stored session signs the AssumeRole of the last', async () => {
    sts.on(AssumeRoleCommand).resolves({ Credentials: stsCredentials(3, NOW, 60) })
    await fx.writeCredentials(USER_KEYS + session('mid', 40, 4))
    await fx.writeConfig(`[profile mid]\nrole_arn = arn:aws:iam::1:role/Mid\nsource_profile = default\n[profile top]\nrole_arn = arn:aws:iam::1:role/Top\nsource_profile = mid\n`)
    expect((await serve('top')).accessKeyId).toBe('ASIAFAKEFAKEFAKE0003')
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn)).toEqual(['arn:aws:iam::1:role/Top'])
    // The call was signed with the middle role's session.
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1)
  })

  it('with both sessions expired and mfa_process set: one GetSessionToken with its code, then the role', async () => {
    sts.on(GetSessionTokenCommand).resolves({ Credentials: stsCredentials(5, NOW, 720) })
    sts.on(AssumeRoleCommand).resolves({ Credentials: stsCredentials(6, NOW, 60) })
    await fx.writeCredentials(USER_KEYS + 'mfa_process = ykman oath accounts code -s aws\n' + session('default', -1, 1))
    await fx.writeConfig(ROLE)
    expect((await serve()).accessKeyId).toBe('ASIAFAKEFAKEFAKE0006')
    expect(asked).toEqual([{ serial: 'arn:aws:iam::123456789012:mfa/alice', context: { profile: 'default', mfaProcess: 'ykman oath accounts code -s aws' } }])
    expect(sts.commandCalls(GetSessionTokenCommand)[0]!.args[0].input).toMatchObject({ TokenCode: '654321', SerialNumber: 'arn:aws:iam::123456789012:mfa/alice' })
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1)
  })

  it("a role's own mfa_process wins over its source's", async () => {
    sts.on(GetSessionTokenCommand).resolves({ Credentials: stsCredentials(5, NOW, 720) })
    sts.on(AssumeRoleCommand).resolves({ Credentials: stsCredentials(6, NOW, 60) })
    await fx.writeCredentials(USER_KEYS + 'mfa_process = source-command\n')
    await fx.writeConfig(`${ROLE}mfa_process = role-command\n`)
    await serve()
    expect(asked[0]!.context).toEqual({ profile: 'work', mfaProcess: 'role-command' })
  })

  it('with neither a valid session nor mfa_process: exit 1 with the hint, no call, files byte-identical', async () => {
    const credentials = USER_KEYS + session('default', -1, 1) + session('work', -5, 8)
    await fx.writeCredentials(credentials)
    await fx.writeConfig(ROLE)
    const report = reportFor(await serve().catch((err) => err))
    expect(report).toEqual({
      exitCode: 1,
      code: 'NO_VALID_SESSION',
      message: 'the session [work-sts] expired at 2026-11-22T09:55:00.000Z and renewing it needs an MFA code; run "iamkit login work" (or set mfa_process in the profile)',
    })
    expect(sts.calls()).toHaveLength(0)
    expect(asked).toEqual([])
    expect(await fx.readCredentials()).toBe(credentials)
  })

  it('falls back to a stored session that has not expired yet when it cannot renew it', async () => {
    await fx.writeCredentials(USER_KEYS + session('default', -1, 1) + session('work', 5, 8))
    await fx.writeConfig(ROLE)
    expect((await serve()).accessKeyId).toBe('ASIAFAKEFAKEFAKE0008')
    expect(sts.calls()).toHaveLength(0)
  })

  it('never makes a session without MFA for a user profile that has no mfa_serial', async () => {
    await fx.writeCredentials('[default]\naws_access_key_id = AKIAFAKEFAKEFAKE0001\naws_secret_access_key = fakeSecretKeyForTestsOnly0000000000000001\n')
    expect(reportFor(await serve('default').catch((err) => err)).code).toBe('NO_VALID_SESSION')
    expect(sts.calls()).toHaveLength(0)
  })

  it('concurrent callers renew once: the second waits on the lock, re-reads and takes the first one’s session', async () => {
    let calls = 0
    sts.on(AssumeRoleCommand).callsFake(async () => {
      calls++
      await new Promise((resolve) => setTimeout(resolve, 50))
      return { Credentials: stsCredentials(10 + calls, NOW, 60) }
    })
    await fx.writeCredentials(USER_KEYS + session('default', 600, 1) + session('work', -5, 8))
    await fx.writeConfig(ROLE)
    const sessions = await Promise.all([serve(), serve(), serve()])
    expect(calls).toBe(1)
    expect(new Set(sessions.map((s) => s.accessKeyId))).toEqual(new Set(['ASIAFAKEFAKEFAKE0011']))
  })

  it('while STS answers, the credentials file is not locked (another process writes it at once); only the profile’s renewal lock is held', async () => {
    const lockModule = fileURLToPath(new URL('../../../dist/profiles/file-lock.js', import.meta.url))
    const credentials = fx.store.paths.credentials
    let seen: { otherWriter: string; renewalLock: boolean } | undefined
    sts.on(AssumeRoleCommand).callsFake(async () => {
      const script =
        `const { withFileLock, lockTimings } = await import(${JSON.stringify(lockModule)});` +
        `await withFileLock(${JSON.stringify(credentials)}, async () => {}, { timings: { ...lockTimings({}), giveUpMs: 1500 } }).then(() => console.log('wrote'), (e) => console.log(e.code))`
      const other = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })
      seen = { otherWriter: other.stdout.trim(), renewalLock: existsSync(`${credentials}.iamkit-renew.work.lock`) }
      return { Credentials: stsCredentials(12, NOW, 60) }
    })
    await fx.writeCredentials(USER_KEYS + session('default', 600, 1) + session('work', -5, 8))
    await fx.writeConfig(ROLE)
    expect((await serve()).accessKeyId).toBe('ASIAFAKEFAKEFAKE0012')
    expect(seen).toEqual({ otherWriter: 'wrote', renewalLock: true })
    expect(existsSync(`${credentials}.iamkit-renew.work.lock`)).toBe(false)
  })
})
