import { describe, expect, it } from 'vitest'

import { unusedConsolePassword } from '../../../../src/audit/rules/unused-console-password.js'
import { daysAgo, names, reportEntry, run } from './fixtures.js'

describe('UNUSED_CONSOLE_PASSWORD', () => {
  it('flags passwords unused for longer than --unused-days, or never used and set long ago', () => {
    const entries = [
      reportEntry('stale', { passwordEnabled: true, passwordLastUsed: daysAgo(120) }),
      reportEntry('never', { passwordEnabled: true }),
      reportEntry('recent', { passwordEnabled: true, passwordLastUsed: daysAgo(5) }),
      reportEntry('no-password', { passwordEnabled: false }),
      // An old user whose password was set last week is not unused.
      reportEntry('new-password', { passwordEnabled: true, passwordLastChanged: daysAgo(7) }),
    ]
    const findings = run(unusedConsolePassword, { credentialReport: { entries } })
    expect(names(findings)).toEqual(['stale', 'never'])
    expect(findings[0]).toMatchObject({ lastUsed: daysAgo(120).toISOString(), severity: 'medium' })
    expect(run(unusedConsolePassword, { credentialReport: { entries } }, { unusedDays: 150 }).map((f) => f.resource.name)).toEqual(['never'])
  })
})
