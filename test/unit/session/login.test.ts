import { AssumeRoleCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { reportFor } from '../../../src/cli/error-report.js'
import { mfaCodeSource } from '../../../src/mfa/mfa-code-source.js'
import { login, type LoginRequest } from '../../../src/session/login.js'
import { ServiceFixture, stsCredentials, USER_KEYS } from '../../support/service-fixture.js'

const sts = mockClient(STSClient)
const NOW = new Date('2026-11-22T10:00:00Z')
let fx: ServiceFixture

beforeEach(async () => {
  sts.reset()
  fx = await ServiceFixture.create()
})
afterEach(() => fx.dispose())

/** `tokenCode` null: no --token-code, no --mfa-command and no terminal. */
function run(request: Partial<LoginRequest> & { profile?: string }, tokenCode: string | null = '123456') {
  return login(
    { profile: 'default', persist: true, ...request },
    { store: fx.store, sts: fx.sts, mfaCode: mfaCodeSource({ tokenCode: tokenCode ?? undefined }), now: () => NOW, reporter: fx.reporter },
  )
}

function cachedSession(minutesLeft: number) {
  const expiration = new Date(NOW.getTime() + minutesLeft * 60_000).toISOString().replace('.000Z', 'Z')
  return `\n[default-sts]\naws_access_key_id = ASIAFAKEFAKEFAKE9999\naws_secret_access_key = fakeCachedSecret\naws_session_token = fakeCachedToken\nexpiration = ${expiration}\n`
}

describe('login, user profile', () => {
  it('gets an MFA session with the profile device and writes [default-sts] after the other lines', async () => {
    sts.on(GetSessionTokenCommand).resolves({ Credentials: stsCredentials(1, NOW, 720) })
    await fx.writeCredentials(`# mine\n${USER_KEYS}`)
    const result = await run({ durationSeconds: 43_200 })
    expect(sts.commandCalls(GetSessionTokenCommand)[0]!.args[0].input).toEqual({
      DurationSeconds: 43_200,
      SerialNumber: 'arn:aws:iam::123456789012:mfa/alice',
      TokenCode: '123456',
    })
    expect(result).toMatchObject({ kind: 'user', reused: false, persisted: true, sessionProfile: 'default-sts' })
    expect(await fx.readCredentials()).toBe(
      `# mine\n${USER_KEYS}\n[default-sts]\naws_access_key_id = ASIAFAKEFAKEFAKE0001\naws_secret_access_key = fakeSessionSecretForTests000000000000001\n` +
        `aws_session_token = FakeSessionToken1${'x'.repeat(40)}\nexpiration = 2026-11-22T22:00:00Z\n`,
    )
  })

  it('reuses a stored session with at least 15 minutes left, without asking for a code', async () => {
    await fx.writeCredentials(USER_KEYS + cachedSession(16))
    const result = await run({}, null)
    expect(result.reused).toBe(true)
    expect(result.credentials.accessKeyId).toBe('ASIAFAKEFAKEFAKE9999')
    expect(sts.calls()).toHaveLength(0)
  })

  it.each([
    ['has less than 15 minutes left', 14],
    ['has expired', -5],
  ])('gets a new session when the stored one %s', async (_why, minutes) => {
    sts.on(GetSessionTokenCommand).resolves({ Credentials: stsCredentials(2, NOW) })
    await fx.writeCredentials(USER_KEYS + cachedSession(minutes))
    const result = await run({})
    expect(result.reused).toBe(false)
    expect(sts.commandCalls(GetSessionTokenCommand)).toHaveLength(1)
    expect(await fx.readCredentials()).toContain('aws_access_key_id = ASIAFAKEFAKEFAKE0002')
  })

  it('--force replaces a valid stored session', async () => {
    sts.on(GetSessionTokenCommand).resolves({ Credentials: stsCredentials(3, NOW) })
    await fx.writeCredentials(USER_KEYS + cachedSession(600))
    expect((await run({ force: true })).reused).toBe(false)
  })

  it('does not write anything when asked to print instead (format env/json)', async () => {
    sts.on(GetSessionTokenCommand).resolves({ Credentials: stsCredentials(4, NOW) })
    await fx.writeCredentials(USER_KEYS)
    const result = await run({ persist: false })
    expect(result.persisted).toBe(false)
    expect(await fx.readCredentials()).toBe(USER_KEYS)
  })

  it('turns a rejected MFA code into a one-line exit-1 error and leaves the file alone', async () => {
    const rejection = Object.assign(new Error('MultiFactorAuthentication failed with invalid MFA one time pass code. '), {
      name: 'AccessDenied',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
      // What the client factory's middleware adds; the mock replaces it.
      $operation: 'sts:GetSessionToken',
    })
    sts.on(GetSessionTokenCommand).rejects(rejection)
    await fx.writeCredentials(USER_KEYS)
    const report = reportFor(await run({}).catch((err) => err))
    expect(report).toEqual({
      exitCode: 1,
      code: 'MFA_CODE_REJECTED',
      message: "sts:GetSessionToken: AWS rejected the MFA code (wrong, expired or already used, or mfa_serial is not this user's device); wait for the next code and try again",
    })
    expect(await fx.readCredentials()).toBe(USER_KEYS)
  })

  it.each([
    ['a code that is not 6 digits', { code: '12345' }, 'BAD_MFA_CODE'],
    ['no code and no terminal', { code: null }, 'MFA_CODE_REQUIRED'],
    ['a duration below 900 seconds', { code: '123456', durationSeconds: 899 }, 'BAD_DURATION'],
    ['a duration above 36 hours', { code: '123456', durationSeconds: 129_601 }, 'BAD_DURATION'],
  ] as [string, { code: string | null; durationSeconds?: number }, string][])('refuses %s before any AWS call', async (_name, input, code) => {
    await fx.writeCredentials(USER_KEYS)
    const attempt = async () => run({ durationSeconds: input.durationSeconds }, input.code)
    const report = reportFor(await attempt().catch((err) => err))
    expect(report).toMatchObject({ exitCode: 2, code })
    expect(sts.calls()).toHaveLength(0)
    expect(await fx.readCredentials()).toBe(USER_KEYS)
  })

  it('refuses session keys where long-term keys are needed', async () => {
    await fx.writeCredentials('[default]\naws_access_key_id = ASIAFAKEFAKEFAKE0001\naws_secret_access_key = s\naws_session_token = t\n')
    expect(reportFor(await run({}).catch((e) => e))).toMatchObject({ exitCode: 2, code: 'SESSION_KEYS' })
  })
})

describe('login, role profile', () => {
  const CONFIG =
    '[profile admin]\nrole_arn = arn:aws:iam::210987654321:role/Admin\nsource_profile = default\nexternal_id = ext-42\nduration_seconds = 7200\n'

  it('assumes the role through an MFA session of its source, capping the duration at one hour', async () => {
    sts.on(GetSessionTokenCommand).resolves({ Credentials: stsCredentials(1, NOW, 720) })
    sts.on(AssumeRoleCommand).resolves({ Credentials: stsCredentials(2, NOW, 60) })
    await fx.writeCredentials(USER_KEYS)
    await fx.writeConfig(CONFIG)
    const result = await run({ profile: 'admin' })
    expect(sts.commandCalls(GetSessionTokenCommand)[0]!.args[0].input).toMatchObject({ SerialNumber: 'arn:aws:iam::123456789012:mfa/alice', TokenCode: '123456' })
    expect(sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input).toEqual({
      RoleArn: 'arn:aws:iam::210987654321:role/Admin',
      RoleSessionName: 'iamkit-alice',
      ExternalId: 'ext-42',
      DurationSeconds: 3600,
    })
    expect(fx.messages).toContain('info: duration_seconds 7200 exceeds the 3600s limit for this role session; asking for 3600s')
    expect(result).toMatchObject({ kind: 'role', roleArn: 'arn:aws:iam::210987654321:role/Admin', sessionProfile: 'admin-sts' })
    const file = await fx.readCredentials()
    expect(file).toContain('[default-sts]\naws_access_key_id = ASIAFAKEFAKEFAKE0001')
    expect(file).toContain('[admin-sts]\naws_access_key_id = ASIAFAKEFAKEFAKE0002')
  })

  it("reuses the source's valid MFA session, so a second role needs no code", async () => {
    sts.on(AssumeRoleCommand).resolves({ Credentials: stsCredentials(5, NOW, 60) })
    await fx.writeCredentials(USER_KEYS + cachedSession(120))
    await fx.writeConfig(CONFIG)
    await run({ profile: 'admin' }, null)
    expect(sts.commandCalls(GetSessionTokenCommand)).toHaveLength(0)
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1)
  })

  it("asks the code source with the role's mfa_process, else its source profile's", async () => {
    sts.on(GetSessionTokenCommand).resolves({ Credentials: stsCredentials(1, NOW, 720) })
    sts.on(AssumeRoleCommand).resolves({ Credentials: stsCredentials(2, NOW, 60) })
    const asked: unknown[] = []
    const mfaCode = async (serial: string, context?: unknown) => (asked.push({ serial, ...(context as object) }), '123456')
    const loginAs = (profile: string) => login({ profile, persist: false }, { store: fx.store, sts: fx.sts, mfaCode, now: () => NOW, reporter: fx.reporter })
    await fx.writeCredentials(USER_KEYS)
    await fx.writeConfig(`[default]\nmfa_process = ykman oath accounts code -s default\n${CONFIG}[profile ops]\nrole_arn = arn:aws:iam::210987654321:role/Ops\nsource_profile = default\nmfa_process = ykman oath accounts code -s ops\n`)
    await loginAs('default')
    await loginAs('admin')
    await loginAs('ops')
    const serial = 'arn:aws:iam::123456789012:mfa/alice'
    expect(asked).toEqual([
      { serial, profile: 'default', mfaProcess: 'ykman oath accounts code -s default' },
      { serial, profile: 'default', mfaProcess: 'ykman oath accounts code -s default' },
      { serial, profile: 'ops', mfaProcess: 'ykman oath accounts code -s ops' },
    ])
  })

  it('explains the role-chaining limit when AWS answers with it', async () => {
    sts.on(GetSessionTokenCommand).resolves({ Credentials: stsCredentials(1, NOW, 720) })
    sts.on(AssumeRoleCommand).rejects(
      Object.assign(new Error('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'), {
        name: 'ValidationError',
        $metadata: {},
      }),
    )
    await fx.writeCredentials(USER_KEYS)
    await fx.writeConfig(CONFIG)
    expect(reportFor(await run({ profile: 'admin' }).catch((e) => e))).toMatchObject({ exitCode: 2, code: 'ROLE_CHAINING_LIMIT' })
  })

  it('refuses --duration over one hour for a role assumed through MFA, before any call', async () => {
    await fx.writeCredentials(USER_KEYS)
    await fx.writeConfig(CONFIG)
    const report = reportFor(await run({ profile: 'admin', durationSeconds: 3601 }).catch((e) => e))
    expect(report.code).toBe('BAD_DURATION')
    expect(report.message).toContain('900–3600')
    expect(sts.calls()).toHaveLength(0)
  })

  it.each([
    ['missing', '[profile admin]\nrole_arn = arn:aws:iam::210987654321:role/Admin\nsource_profile = nowhere\n', 'SOURCE_PROFILE_MISSING'],
    [
      'looping',
      '[profile admin]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = admin\n',
      'SOURCE_PROFILE_LOOP',
    ],
    ['absent', '[profile admin]\nrole_arn = arn:aws:iam::210987654321:role/Admin\n', 'NO_SOURCE_PROFILE'],
  ])('refuses a role profile whose source_profile is %s', async (_name, config, code) => {
    await fx.writeCredentials(USER_KEYS)
    await fx.writeConfig(config)
    expect(reportFor(await run({ profile: 'admin' }).catch((e) => e))).toMatchObject({ exitCode: 2, code })
    expect(sts.calls()).toHaveLength(0)
  })
})

describe('secrets', () => {
  it('never reach the reporter or an error message, even with --debug', async () => {
    sts.on(GetSessionTokenCommand).rejects(
      Object.assign(new Error('odd failure mentioning fakeSecretKeyForTestsOnly0000000000000001'), { name: 'InternalFailure', $metadata: {} }),
    )
    await fx.writeCredentials(USER_KEYS)
    const report = reportFor(await run({}).catch((e) => e))
    expect(report.message).not.toContain('fakeSecretKeyForTestsOnly')
    expect(report.message).toContain('[REDACTED]')
  })
})
