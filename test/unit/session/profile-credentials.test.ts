import { AssumeRoleCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { toIamkitError } from '../../../src/to-iamkit-error.js'
import { redact } from '../../../src/redact.js'
import { profileCredentials } from '../../../src/session/profile-credentials.js'
import { ServiceFixture, stsCredentials, USER_KEYS } from '../../support/service-fixture.js'

/**
 * What `audit --profile` and `policy from-usage --profile` sign with: the profile as the AWS CLI
 * would use it, read by iamkit (issue 9, item 4), never asking a person.
 */
const sts = mockClient(STSClient)
let fx: ServiceFixture

beforeEach(async () => {
  sts.reset()
  fx = await ServiceFixture.create()
})
afterEach(() => fx.dispose())

async function credentialsOf(profile: string) {
  const snapshot = await fx.store.read()
  return profileCredentials(profile, { snapshot, store: fx.store, sts: fx.sts, reporter: fx.reporter })
}

describe('profileCredentials', () => {
  it("a user profile signs with its long-term key, as botocore does (mfa_serial alone makes no session): no call", async () => {
    await fx.writeCredentials(USER_KEYS)
    expect(await credentialsOf('default')).toEqual({ accessKeyId: 'AKIAFAKEFAKEFAKE0001', secretAccessKey: 'fakeSecretKeyForTestsOnly0000000000000001' })
    expect(sts.calls()).toHaveLength(0)
  })

  it('a profile holding a session signs with it as it is', async () => {
    await fx.writeCredentials('[ci]\naws_access_key_id = ASIAFAKEFAKEFAKE0042\naws_secret_access_key = fakeSessionSecret42\naws_session_token = fakeToken42\n')
    expect(await credentialsOf('ci')).toEqual({ accessKeyId: 'ASIAFAKEFAKEFAKE0042', secretAccessKey: 'fakeSessionSecret42', sessionToken: 'fakeToken42' })
  })

  it("a role profile is assumed through iamkit's session sources (the source's long-term key, no MFA device): one AssumeRole, cached", async () => {
    const now = new Date()
    sts.on(AssumeRoleCommand).resolves({ Credentials: stsCredentials(7, now, 60) })
    await fx.writeCredentials('[default]\naws_access_key_id = AKIAFAKEFAKEFAKE0001\naws_secret_access_key = fakeSecretKeyForTestsOnly0000000000000001\n')
    await fx.writeConfig('[profile audit]\nrole_arn = arn:aws:iam::123456789012:role/Audit\nsource_profile = default\nexternal_id = ext-1\n')
    expect((await credentialsOf('audit'))?.accessKeyId).toBe('ASIAFAKEFAKEFAKE0007')
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input)).toMatchObject([{ RoleArn: 'arn:aws:iam::123456789012:role/Audit', ExternalId: 'ext-1' }])
    expect(sts.commandCalls(GetSessionTokenCommand)).toHaveLength(0)
    expect(await fx.readCredentials()).toMatch(/\[audit-sts\]\naws_access_key_id = ASIAFAKEFAKEFAKE0007\n/)
  })

  it('a role whose MFA session cannot be had without a person fails with what to run, never asking', async () => {
    await fx.writeCredentials(USER_KEYS)
    await fx.writeConfig('[profile audit]\nrole_arn = arn:aws:iam::123456789012:role/Audit\nsource_profile = default\nmfa_serial = arn:aws:iam::123456789012:mfa/alice\n')
    const err = toIamkitError(await credentialsOf('audit').catch((e: unknown) => e))
    expect([err.exitCode, err.code]).toEqual([1, 'NO_VALID_SESSION'])
    expect(err.message).toMatch(/run "iamkit login audit"/)
    expect(sts.calls()).toHaveLength(0)
  })

  it('refuses what botocore and the JS SDK read differently (exit 2, naming the line) before any call', async () => {
    await fx.writeCredentials(USER_KEYS)
    await fx.writeConfig('[profile audit]\nrole_arn = arn:aws:iam::123456789012:role/Audit\nsource_profile = default\nexternal_id = abc #def\n')
    const err = toIamkitError(await credentialsOf('audit').catch((e: unknown) => e))
    expect(err.exitCode).toBe(2)
    expect(err.message).toMatch(/config:4: /)
    expect(sts.calls()).toHaveLength(0)
  })

  it("refuses botocore's refusals: credential_source together with source_profile", async () => {
    await fx.writeCredentials(USER_KEYS)
    await fx.writeConfig('[profile audit]\nrole_arn = arn:aws:iam::123456789012:role/Audit\nsource_profile = default\ncredential_source = Environment\n')
    const err = toIamkitError(await credentialsOf('audit').catch((e: unknown) => e))
    expect(err.exitCode).toBe(2)
  })

  it("leaves to the SDK what iamkit does not resolve itself: another tool's credential_process, credential_source", async () => {
    await fx.writeConfig(
      '[profile other-tool]\ncredential_process = /usr/local/bin/get-creds\n\n[profile instance]\nrole_arn = arn:aws:iam::123456789012:role/Audit\ncredential_source = Ec2InstanceMetadata\n',
    )
    expect(await credentialsOf('other-tool')).toBeUndefined()
    expect(await credentialsOf('instance')).toBeUndefined()
  })

  it("registers every profile's secret for redaction, not only the one it signs with", async () => {
    await fx.writeCredentials(`${USER_KEYS}\n[elsewhere]\naws_access_key_id = AKIAFAKEFAKEFAKE0099\naws_secret_access_key = otherProfileSecretNeverPrinted99\n`)
    await credentialsOf('default')
    expect(redact('an error quoting otherProfileSecretNeverPrinted99')).not.toContain('otherProfileSecretNeverPrinted99')
  })

  it('an unknown profile is exit 2 naming the files', async () => {
    await fx.writeCredentials(USER_KEYS)
    const err = toIamkitError(await credentialsOf('ghost').catch((e: unknown) => e))
    expect(err.exitCode).toBe(2)
    expect(err.message).toMatch(/profile "ghost" is not in/)
  })
})
