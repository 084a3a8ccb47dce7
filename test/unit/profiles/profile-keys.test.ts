import { describe, expect, it } from 'vitest'

import { UsageError } from '../../../src/errors.js'
import { longTermKeys, noKeyOfItsOwn } from '../../../src/profiles/profile-keys.js'

const profile = (name: string, settings: Record<string, string>) => ({ name, settings })

function refusal(settings: Record<string, string>, name = 'p'): UsageError {
  try {
    longTermKeys(profile(name, settings))
  } catch (err) {
    if (err instanceof UsageError) return err
    throw err
  }
  throw new Error('longTermKeys accepted a profile without keys')
}

describe('a profile without a long-term key is told what fits its kind', () => {
  it('a role profile: it has none of its own, and its source_profile has the key', () => {
    const err = refusal({ role_arn: 'arn:aws:iam::123456789012:role/Admin', source_profile: 'default' }, 'admin')
    expect(err.exitCode).toBe(2)
    expect(err.message).toBe(
      'profile "admin" is a role profile (role_arn arn:aws:iam::123456789012:role/Admin): it has no access key of its own and assumes the role with the key of source_profile "default"; use profile "default" here',
    )
    expect(err.message).not.toMatch(/aws configure|add the IAM user/)
  })

  it('a role profile on credential_source', () => {
    expect(refusal({ role_arn: 'arn:aws:iam::123456789012:role/Ec2', credential_source: 'Ec2InstanceMetadata' }).message).toBe(
      'profile "p" is a role profile (role_arn arn:aws:iam::123456789012:role/Ec2, credential_source Ec2InstanceMetadata): it has no access key of its own',
    )
  })

  it.each([
    [{ sso_session: 'corp', sso_account_id: '111122223333', sso_role_name: 'Dev' }, 'sso_session corp'],
    [{ sso_start_url: 'https://corp.awsapps.com/start', sso_region: 'us-east-1' }, 'sso_start_url https://corp.awsapps.com/start'],
  ])('an IAM Identity Center profile (%o): iamkit login gets its session', (settings, how) => {
    const message = refusal(settings, 'sso-dev').message
    expect(message).toBe(`profile "sso-dev" signs in through IAM Identity Center (${how}) and has no access key of its own; "iamkit login sso-dev" gets its role session`)
    expect(message).not.toMatch(/aws configure|add the IAM user/)
  })

  it('any other profile is told to add the IAM user\'s key', () => {
    expect(noKeyOfItsOwn(profile('empty', { region: 'us-east-1' }))).toBeUndefined()
    expect(refusal({ region: 'us-east-1' }, 'empty').message).toContain(`add the IAM user's access key with "aws configure --profile empty"`)
  })

  it('a role profile that does hold a key of its own is not refused', () => {
    const keys = longTermKeys(profile('odd', { role_arn: 'arn:aws:iam::1:role/R', aws_access_key_id: 'AKIAFAKEFAKEFAKE0001', aws_secret_access_key: 'fake-secret' }))
    expect(keys.accessKeyId).toBe('AKIAFAKEFAKEFAKE0001')
  })
})
