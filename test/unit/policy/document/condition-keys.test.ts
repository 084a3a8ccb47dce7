import { describe, expect, it } from 'vitest'

import {
  MFA_AGE_KEY,
  MFA_PRESENT_KEY,
  canonicalConditionKey,
  isKnownConditionKey,
} from '../../../../src/policy/document/condition-keys.js'

describe('isKnownConditionKey', () => {
  it.each([
    MFA_PRESENT_KEY,
    MFA_AGE_KEY,
    'aws:multifactorauthpresent',
    'AWS:SourceIp',
    'aws:username',
    'aws:PrincipalOrgID',
    'aws:PrincipalTag/team',
    'aws:ResourceTag/cost-center',
    'aws:RequestTag/a/b',
    'sts:ExternalId',
    'sts:RoleSessionName',
    'sts:RequestContext/identitycenter:CodeIssuer',
    'iam:PassedToService',
    'iam:ResourceTag/owner',
    'iam:FIDO-FIPS-140-2-certification',
    // Services without a table here are trusted, so an audit never calls them invalid.
    's3:prefix',
    'token.actions.githubusercontent.com:sub',
    'saml:aud',
  ])('knows %s', (key) => {
    expect(isKnownConditionKey(key)).toBe(true)
  })

  it.each([
    'aws:MultiFactorAuthPresnt',
    'aws:MFAPresent',
    'aws:PrincipalTag/',
    'aws:SourceIp/x',
    'sts:ExternalID2',
    'iam:UserName',
    'aws:Source Ip',
    'MultiFactorAuthPresent',
    ':x',
    'aws:',
  ])('rejects %s', (key) => {
    expect(isKnownConditionKey(key)).toBe(false)
  })
})

describe('canonicalConditionKey', () => {
  it('spells a key as AWS does', () => {
    expect(canonicalConditionKey('AWS:MULTIFACTORAUTHAGE')).toBe(MFA_AGE_KEY)
    expect(canonicalConditionKey('s3:prefix')).toBeUndefined()
  })
})
