import { describe, expect, it } from 'vitest'

import { trustAnyPrincipal } from '../../../../src/audit/rules/trust-any-principal.js'
import { authorization, names, role, run, trust } from './fixtures.js'

describe('TRUST_ANY_PRINCIPAL', () => {
  it('flags Principal "*" and AWS "*" unless a condition restricts who', () => {
    const roles = [
      role('star', { trustPolicy: trust('*') }),
      role('aws-star', { trustPolicy: trust({ AWS: ['*'] }) }),
      role('org', { trustPolicy: trust('*', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } }) }),
      role('external-id', { trustPolicy: trust({ AWS: '*' }, { StringEquals: { 'sts:ExternalId': 'secret-ish' } }) }),
      role('if-exists', { trustPolicy: trust('*', { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc123' } }) }),
      role('star-pattern', { trustPolicy: trust('*', { StringLike: { 'aws:PrincipalArn': '*' } }) }),
      role('mfa-only', { trustPolicy: trust('*', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }) }),
      role('named', { trustPolicy: trust({ AWS: '123456789012' }) }),
    ]
    const findings = run(trustAnyPrincipal, { authorization: authorization({ roles }) })
    expect(names(findings)).toEqual(['star', 'aws-star', 'if-exists', 'star-pattern', 'mfa-only'])
    expect(findings[0]).toMatchObject({ severity: 'critical', resource: { type: 'Role' } })
  })

  it('treats Allow with NotPrincipal as open to everyone else', () => {
    const notPrincipal = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] })
    const findings = run(trustAnyPrincipal, { authorization: authorization({ roles: [role('not', { trustPolicy: notPrincipal })] }) })
    expect(findings).toMatchObject([{ detail: expect.stringContaining('NotPrincipal') }])
  })
})
