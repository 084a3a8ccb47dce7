import { describe, expect, it } from 'vitest'

import { userWithoutMfa } from '../../../../src/audit/rules/user-without-mfa.js'
import { names, reportEntry, run } from './fixtures.js'

describe('USER_WITHOUT_MFA', () => {
  it('flags users with a console password and no MFA device, young or old', () => {
    const entries = [
      reportEntry('console', { passwordEnabled: true }),
      reportEntry('console-mfa', { passwordEnabled: true, mfaActive: true }),
      reportEntry('api-only'),
      reportEntry('<root_account>', { passwordEnabled: true }),
    ]
    const findings = run(userWithoutMfa, { credentialReport: { entries } })
    expect(names(findings)).toEqual(['console'])
    expect(findings[0]).toMatchObject({ severity: 'high', resource: { type: 'User' } })
  })
})
