import { describe, expect, it } from 'vitest'

import { unusedUser } from '../../../../src/audit/rules/unused-user.js'
import { daysAgo, names, reportEntry, run } from './fixtures.js'

describe('UNUSED_USER', () => {
  it('takes the latest of password and key use, and ignores the root row', () => {
    const entries = [
      reportEntry('<root_account>'),
      reportEntry('console-recent', { passwordEnabled: true, passwordLastUsed: daysAgo(3), accessKeys: [{ slot: 1, active: true, lastRotated: daysAgo(200), lastUsed: daysAgo(150) }] }),
      reportEntry('key-recent', { accessKeys: [{ slot: 1, active: true, lastRotated: daysAgo(200) }, { slot: 2, active: true, lastRotated: daysAgo(100), lastUsed: daysAgo(1) }] }),
      reportEntry('dormant', { passwordEnabled: true, passwordLastUsed: daysAgo(150), accessKeys: [{ slot: 1, active: false, lastRotated: daysAgo(200), lastUsed: daysAgo(120) }] }),
      reportEntry('never'),
      reportEntry('new', { createdAt: daysAgo(10) }),
    ]
    const findings = run(unusedUser, { credentialReport: { entries } })
    expect(names(findings)).toEqual(['dormant', 'never'])
    expect(findings[0]).toMatchObject({ severity: 'medium', lastUsed: daysAgo(120).toISOString(), ageDays: 200, resource: { type: 'User', arn: 'arn:aws:iam::123456789012:user/dormant' } })
    expect(findings[1]).toMatchObject({ lastUsed: null, detail: expect.stringContaining('never signed in') })
  })
})
