import { describe, expect, it } from 'vitest'

import { staleAccessKey } from '../../../../src/audit/rules/stale-access-key.js'
import { daysAgo, names, reportEntry, run } from './fixtures.js'

describe('STALE_ACCESS_KEY', () => {
  it('flags active keys older than --max-key-age, used or not', () => {
    const entries = [
      reportEntry('alice', { accessKeys: [{ slot: 1, active: true, lastRotated: daysAgo(91), lastUsed: daysAgo(1) }, { slot: 2, active: true, lastRotated: daysAgo(90) }] }),
      reportEntry('bob', { accessKeys: [{ slot: 1, active: false, lastRotated: daysAgo(400) }] }),
    ]
    const findings = run(staleAccessKey, { credentialReport: { entries } })
    expect(names(findings)).toEqual(['alice access key 1'])
    expect(findings[0]).toMatchObject({ ageDays: 91, lastUsed: daysAgo(1).toISOString(), detail: expect.stringContaining('91 days old (limit 90)') })
    expect(names(run(staleAccessKey, { credentialReport: { entries } }, { maxKeyAgeDays: 30 }))).toEqual(['alice access key 1', 'alice access key 2'])
  })
})
