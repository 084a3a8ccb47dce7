import { describe, expect, it } from 'vitest'

import { rootRecentlyUsed } from '../../../../src/audit/rules/root-recently-used.js'
import { daysAgo, reportEntry, run } from './fixtures.js'

describe('ROOT_RECENTLY_USED', () => {
  it('flags a root password or key used within --unused-days, with the latest use', () => {
    const root = reportEntry('<root_account>', { passwordLastUsed: daysAgo(30), accessKeys: [{ slot: 1, active: false, lastRotated: daysAgo(300), lastUsed: daysAgo(2) }] })
    const findings = run(rootRecentlyUsed, { credentialReport: { entries: [root] } })
    expect(findings).toMatchObject([{ severity: 'high', lastUsed: daysAgo(2).toISOString(), detail: 'the root user signed in with the password 30 days ago and used access key 1 2 days ago' }])
  })

  it('passes a root last used longer ago, and ignores IAM users', () => {
    const entries = [reportEntry('<root_account>', { passwordLastUsed: daysAgo(200) }), reportEntry('alice', { passwordLastUsed: daysAgo(1) })]
    expect(run(rootRecentlyUsed, { credentialReport: { entries } })).toEqual([])
  })
})
