import { describe, expect, it } from 'vitest'

import { accessKeyNeverUsed } from '../../../../src/audit/rules/access-key-never-used.js'
import { daysAgo, names, reportEntry, run } from './fixtures.js'

describe('ACCESS_KEY_NEVER_USED', () => {
  it('flags active keys never used and created longer ago than --unused-days', () => {
    const entries = [
      reportEntry('old', { accessKeys: [{ slot: 1, active: true, lastRotated: daysAgo(120) }, { slot: 2, active: true, lastRotated: daysAgo(30) }] }),
      reportEntry('used', { accessKeys: [{ slot: 1, active: true, lastRotated: daysAgo(120), lastUsed: daysAgo(119) }] }),
      reportEntry('inactive', { accessKeys: [{ slot: 1, active: false, lastRotated: daysAgo(120) }] }),
    ]
    const findings = run(accessKeyNeverUsed, { credentialReport: { entries } })
    expect(names(findings)).toEqual(['old access key 1'])
    expect(findings[0]).toMatchObject({ severity: 'medium', lastUsed: null, ageDays: 120 })
  })
})
