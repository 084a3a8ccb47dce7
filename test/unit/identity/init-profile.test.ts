import { stat } from 'node:fs/promises'

import { IAMClient, ListMFADevicesCommand } from '@aws-sdk/client-iam'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { WORKFLOW_CALLS } from '../../../src/aws/workflow-calls.js'
import { reportFor } from '../../../src/cli/error-report.js'
import { initProfile } from '../../../src/identity/init-profile.js'
import { ServiceFixture } from '../../support/service-fixture.js'

const sts = mockClient(STSClient)
const iam = mockClient(IAMClient)
const KEYS = '[default]\naws_access_key_id = AKIAFAKEFAKEFAKE0001\naws_secret_access_key = fakeSecretKeyForTestsOnly0000000000000001\n'
let fx: ServiceFixture

beforeEach(async () => {
  sts.reset()
  iam.reset()
  fx = await ServiceFixture.create()
  await fx.writeCredentials(KEYS)
})
afterEach(() => fx.dispose())

function callerIs(arn: string) {
  sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012', Arn: arn, UserId: 'AIDAFAKE' })
}
function devices(...serials: string[]) {
  iam.on(ListMFADevicesCommand).resolves({ MFADevices: serials.map((SerialNumber) => ({ SerialNumber, UserName: 'alice', EnableDate: new Date() })) })
}
const init = (mfaSerial?: string, chooseDevice?: (s: string[]) => Promise<string>) =>
  initProfile({ profile: 'default', mfaSerial }, { store: fx.store, sts: fx.sts, iam: fx.iam, reporter: fx.reporter, chooseDevice })

describe('init', () => {
  it('derives the user name from an ARN with a path and lists that user’s devices', async () => {
    callerIs('arn:aws:iam::123456789012:user/division/team/alice')
    devices('arn:aws:iam::123456789012:mfa/division/team/alice-phone')
    const result = await init()
    expect(iam.commandCalls(ListMFADevicesCommand)[0]!.args[0].input).toEqual({ UserName: 'alice' })
    expect(result).toEqual({
      profile: 'default',
      account: '123456789012',
      arn: 'arn:aws:iam::123456789012:user/division/team/alice',
      username: 'alice',
      mfaSerial: 'arn:aws:iam::123456789012:mfa/division/team/alice-phone',
      changed: true,
    })
    expect(await fx.readCredentials()).toBe(`${KEYS}username = alice\nmfa_serial = arn:aws:iam::123456789012:mfa/division/team/alice-phone\n`)
  })

  it('run again with nothing new, says so and does not rewrite the file', async () => {
    callerIs('arn:aws:iam::123456789012:user/alice')
    devices('arn:aws:iam::123456789012:mfa/alice')
    expect((await init()).changed).toBe(true)
    const before = await stat(fx.store.paths.credentials)
    const again = await init()
    expect(again.changed).toBe(false)
    expect(again.mfaSerial).toBe('arn:aws:iam::123456789012:mfa/alice')
    // An atomic rewrite would have renamed a new file into place: a new inode.
    const after = await stat(fx.store.paths.credentials)
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs])
  })

  it('stores a hardware token serial as IAM lists it', async () => {
    callerIs('arn:aws:iam::123456789012:user/alice')
    devices('GAHT12345678')
    expect((await init()).mfaSerial).toBe('GAHT12345678')
  })

  it('skips FIDO security keys, which cannot give CLI codes', async () => {
    callerIs('arn:aws:iam::123456789012:user/alice')
    devices('arn:aws:iam::123456789012:u2f/user/alice/yubikey-ABC', 'arn:aws:iam::123456789012:mfa/alice')
    expect((await init()).mfaSerial).toBe('arn:aws:iam::123456789012:mfa/alice')
    expect(fx.messages.some((m) => m.includes('1 FIDO security key(s) skipped'))).toBe(true)
  })

  it('with no device writes the user name, warns, and succeeds', async () => {
    callerIs('arn:aws:iam::123456789012:user/alice')
    devices()
    expect((await init()).mfaSerial).toBeNull()
    expect(await fx.readCredentials()).toBe(`${KEYS}username = alice\n`)
    expect(fx.messages.some((m) => m.startsWith('warn: IAM user alice has no MFA device'))).toBe(true)
  })

  describe('with several devices', () => {
    beforeEach(() => {
      callerIs('arn:aws:iam::123456789012:user/alice')
      devices('arn:aws:iam::123456789012:mfa/alice-phone', 'arn:aws:iam::123456789012:mfa/alice-tablet')
    })

    it('takes the one named by --mfa-serial', async () => {
      expect((await init('arn:aws:iam::123456789012:mfa/alice-tablet')).mfaSerial).toBe('arn:aws:iam::123456789012:mfa/alice-tablet')
    })

    it('asks on a terminal', async () => {
      const chosen = await init(undefined, async (serials) => serials[1]!)
      expect(chosen.mfaSerial).toBe('arn:aws:iam::123456789012:mfa/alice-tablet')
    })

    it('without a terminal or --mfa-serial, fails with the list and changes nothing', async () => {
      const report = reportFor(await init().catch((e) => e))
      expect(report).toMatchObject({ exitCode: 2, code: 'SEVERAL_MFA_DEVICES' })
      expect(report.message).toContain('alice-phone, arn:aws:iam::123456789012:mfa/alice-tablet); pick one with --mfa-serial')
      expect(await fx.readCredentials()).toBe(KEYS)
    })

    it('refuses an --mfa-serial that is no serial number, before any call', async () => {
      expect(reportFor(await init('not a device').catch((e) => e))).toMatchObject({ exitCode: 2, code: 'BAD_MFA_SERIAL' })
      expect(sts.calls()).toHaveLength(0)
    })

    it('refuses an --mfa-serial the user does not have', async () => {
      expect(reportFor(await init('arn:aws:iam::123456789012:mfa/bob').catch((e) => e))).toMatchObject({ exitCode: 2, code: 'UNKNOWN_MFA_DEVICE' })
    })
  })

  it.each([
    ['root', 'arn:aws:iam::123456789012:root', 'ROOT_CREDENTIALS'],
    ['an assumed role', 'arn:aws:sts::123456789012:assumed-role/Admin/session', 'NOT_A_USER'],
  ])('refuses %s credentials with exit 2 and changes nothing', async (_who, arn, code) => {
    callerIs(arn)
    expect(reportFor(await init().catch((e) => e))).toMatchObject({ exitCode: 2, code })
    expect(iam.calls()).toHaveLength(0)
    expect(await fx.readCredentials()).toBe(KEYS)
  })

  it('makes only the calls listed in WORKFLOW_CALLS.init', async () => {
    callerIs('arn:aws:iam::123456789012:user/alice')
    devices('arn:aws:iam::123456789012:mfa/alice')
    await init()
    const made = [...sts.calls().map(() => 'sts:GetCallerIdentity'), ...iam.calls().map(() => 'iam:ListMFADevices')]
    const sent = [
      ...sts.commandCalls(GetCallerIdentityCommand).map(() => 'sts:GetCallerIdentity'),
      ...iam.commandCalls(ListMFADevicesCommand).map(() => 'iam:ListMFADevices'),
    ]
    expect(sent).toEqual(made)
    expect(new Set(sent)).toEqual(new Set(WORKFLOW_CALLS.init))
  })
})
