import { describe, expect, it } from 'vitest'

import { trustWithoutMfa } from '../../../../src/audit/rules/trust-without-mfa.js'
import { authorization, names, role, run, trust } from './fixtures.js'

describe('TRUST_WITHOUT_MFA', () => {
  const roles = [
    role('account-id', { trustPolicy: trust({ AWS: '123456789012' }) }),
    role('account-root', { trustPolicy: trust({ AWS: ['arn:aws:iam::210987654321:root'] }) }),
    role('a-user', { trustPolicy: trust({ AWS: 'arn:aws:iam::123456789012:user/ops/alice' }) }),
    role('with-mfa', { trustPolicy: trust({ AWS: '123456789012' }, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }) }),
    role('with-mfa-age', { trustPolicy: trust({ AWS: '123456789012' }, { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }) }),
    role('if-exists', { trustPolicy: trust({ AWS: '123456789012' }, { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }) }),
    role('typo', { trustPolicy: trust({ AWS: '123456789012' }, { Bool: { 'aws:MultiFactorAuth': 'true' } }) }),
    role('from-role', { trustPolicy: trust({ AWS: 'arn:aws:iam::123456789012:role/ci' }) }),
    role('service', { trustPolicy: trust({ Service: 'lambda.amazonaws.com' }) }),
    role('anyone', { trustPolicy: trust('*') }),
    role('external-id-only', { trustPolicy: trust({ AWS: '210987654321' }, { StringEquals: { 'sts:ExternalId': 'x' } }) }),
  ]

  it('flags roles that users or accounts can assume without an MFA condition that holds', () => {
    const findings = run(trustWithoutMfa, { authorization: authorization({ roles }) })
    expect(names(findings)).toEqual(['account-id', 'account-root', 'a-user', 'if-exists', 'typo', 'external-id-only'])
    expect(findings[1]).toMatchObject({ severity: 'medium', detail: 'assumable without MFA by arn:aws:iam::210987654321:root' })
  })

  it('reads sts:AssumeRole through wildcards and ignores Deny statements', () => {
    const wildcard = role('wild', { trustPolicy: trust({ AWS: '123456789012' }, undefined, { Action: 'sts:Assume*' }) })
    const denyOnly = role('deny', { trustPolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' }] }) })
    expect(names(run(trustWithoutMfa, { authorization: authorization({ roles: [wildcard, denyOnly] }) }))).toEqual(['wild'])
  })
})
