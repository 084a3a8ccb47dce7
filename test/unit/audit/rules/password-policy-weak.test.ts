import { describe, expect, it } from 'vitest'

import { passwordPolicyWeak } from '../../../../src/audit/rules/password-policy-weak.js'
import { ACCOUNT, run } from './fixtures.js'

describe('PASSWORD_POLICY_WEAK', () => {
  it('flags an account without a password policy once', () => {
    expect(run(passwordPolicyWeak, { passwordPolicy: null })).toMatchObject([
      { resource: { type: 'AccountSetting', name: 'PasswordPolicy', arn: `arn:aws:iam::${ACCOUNT}:root` }, detail: expect.stringContaining('no password policy') },
    ])
  })

  it('flags a length under 14 and a reuse prevention under 24 separately, each with its own id', () => {
    const findings = run(passwordPolicyWeak, { passwordPolicy: { minimumLength: 8, reusePrevention: 5 } })
    expect(findings.map((f) => f.resource.name)).toEqual(['MinimumPasswordLength', 'PasswordReusePrevention'])
    expect(new Set(findings.map((f) => f.id)).size).toBe(2)
    expect(run(passwordPolicyWeak, { passwordPolicy: { minimumLength: 14 } }).map((f) => f.resource.name)).toEqual(['PasswordReusePrevention'])
  })

  it('passes 14 characters and 24 remembered passwords', () => {
    expect(run(passwordPolicyWeak, { passwordPolicy: { minimumLength: 14, reusePrevention: 24 } })).toEqual([])
  })
})
