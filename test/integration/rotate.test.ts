import { CreateAccessKeyCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam'
import { beforeEach, describe, expect, it } from 'vitest'

import { credentialsSection, type SeededUser } from '../support/moto-account.js'
import { motoUnavailableReason } from '../support/moto.js'
import { Sandbox } from '../support/sandbox.js'
import { sharedMoto } from '../support/shared-moto.js'

const skip = motoUnavailableReason()
const DAY = 86_400

describe.skipIf(skip)(`iamkit rotate against moto${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const shared = sharedMoto()
  let sandbox: Sandbox
  let alice: SeededUser
  let before: string

  beforeEach(async () => {
    const { moto, account } = shared
    // A key made 120 days ago, for --if-older-than.
    await moto.setClock(-120 * DAY)
    alice = await account.createUser('alice', { mfaDevices: 1 })
    await moto.setClock(0)
    sandbox = await Sandbox.create(moto.endpoint)
    before = `${credentialsSection('default', alice)}mfa_serial = ${alice.mfaSerial}\n\n[default-sts]\naws_access_key_id = ASIAFAKESESSION00001\naws_secret_access_key = fake-session-secret-000000001\naws_session_token = fake-token\nexpiration = 2099-01-01T00:00:00Z\n`
    await sandbox.writeCredentials(before)
    return () => sandbox.dispose()
  })

  it('--if-older-than: a younger key is left alone (exit 0), an older one is rotated with one MFA code', async () => {
    const young = await sandbox.iamkit(['rotate', 'default', '--if-older-than', '200', '--token-code', '123456', '--json'])
    expect(young.code).toBe(0)
    expect(JSON.parse(young.stdout)).toEqual({ profile: 'default', user: 'alice', oldAccessKeyId: alice.accessKeyId, newAccessKeyId: null, oldKey: null, rotated: false })
    expect(await sandbox.readCredentials()).toBe(before)

    const old = await sandbox.iamkit(['rotate', 'default', '--if-older-than', '90', '--token-code', '123456'])
    expect(old.code, old.stderr).toBe(0)
    expect(old.stdout).toMatch(/^Rotated the access key of IAM user alice \(profile default\): AKIA\w+ is in .*credentials; the old key \w+ was deleted\.$/m)
    expect(old.stderr).toContain('Note: the session in [default-sts] was made with the old key and keeps working until 2099-01-01T00:00:00Z; "iamkit login default --force" replaces it.')
    expect(old.stderr).not.toContain(alice.secretAccessKey)
    const who = await sandbox.aws(['sts', 'get-caller-identity', '--profile', 'default'])
    expect(JSON.parse(who.stdout).Arn).toBe(alice.arn)
  })

  it('--dry-run prints the plan and changes nothing', async () => {
    const run = await sandbox.iamkit(['rotate', 'default', '--dry-run', '--token-code', '123456'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('Dry run: nothing will be changed.')
    expect(run.stdout).toMatch(/deactivate, then delete the old key \w+: Active, 120 days old, .*signed with the MFA session/)
    expect(await sandbox.readCredentials()).toBe(before)
    const keys = await sandbox.aws(['iam', 'list-access-keys', '--user-name', 'alice'])
    expect(JSON.parse(keys.stdout).AccessKeyMetadata).toHaveLength(1)
  })

  it('two keys: refuses (exit 2) and lists them unless the other is Inactive and --delete-inactive is given', async () => {
    const spare = await shared.account.iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))
    const spareId = spare.AccessKey!.AccessKeyId!
    const refused = await sandbox.iamkit(['rotate', 'default', '--token-code', '123456'])
    expect(refused.code).toBe(2)
    // The keys are listed once, in the one line of the refusal.
    expect(refused.stderr).toMatch(new RegExp(`^iamkit: IAM user alice already has two access keys.*${alice.accessKeyId} \\(profile default\\): Active, 120 days old.*${spareId}: Active, 0 days old, never used.*--delete-inactive\n$`))
    expect(refused.stderr.split(`${spareId}: Active`)).toHaveLength(2)
    expect(await sandbox.readCredentials()).toBe(before)

    await shared.account.iam.send(new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: spareId, Status: 'Inactive' }))
    const rotated = await sandbox.iamkit(['rotate', 'default', '--token-code', '123456', '--delete-inactive', '--json'])
    expect(rotated.code, rotated.stderr).toBe(0)
    expect(rotated.stderr).toContain(`Deleted the Inactive key ${spareId} (--delete-inactive).`)
    const keys = JSON.parse((await sandbox.aws(['iam', 'list-access-keys', '--user-name', 'alice'])).stdout).AccessKeyMetadata
    expect(keys.map((k: { AccessKeyId: string }) => k.AccessKeyId)).toEqual([JSON.parse(rotated.stdout).newAccessKeyId])
  })

  it('bad input changes nothing: a malformed MFA code, an unknown profile, session keys', async () => {
    const badCode = await sandbox.iamkit(['rotate', 'default', '--token-code', '12ab'])
    expect([badCode.code, badCode.stderr]).toEqual([2, 'iamkit: --token-code must be the 6-digit code your MFA device shows, not "12ab"\n'])
    const unknown = await sandbox.iamkit(['rotate', 'nobody', '--json'])
    expect(unknown.code).toBe(2)
    expect(JSON.parse(unknown.stdout).error.code).toBe('UNKNOWN_PROFILE')
    const session = await sandbox.iamkit(['rotate', 'default-sts'])
    expect(session.code).toBe(2)
    expect(session.stderr).toMatch(/^iamkit: profile "default-sts" holds temporary session credentials/)
    expect(await sandbox.readCredentials()).toBe(before)
  })
})
