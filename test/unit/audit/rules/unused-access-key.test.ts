import { describe, expect, it } from 'vitest'

import { unusedAccessKey } from '../../../../src/audit/rules/unused-access-key.js'
import { daysAgo, names, reportEntry, run } from './fixtures.js'

describe('UNUSED_ACCESS_KEY', () => {
  it('flags active keys last used longer ago than --unused-days, per key slot', () => {
    const entries = [
      reportEntry('alice', {
        accessKeys: [
          { slot: 1, active: true, lastRotated: daysAgo(300), lastUsed: daysAgo(100) },
          { slot: 2, active: true, lastRotated: daysAgo(300), lastUsed: daysAgo(2) },
        ],
      }),
      reportEntry('bob', { accessKeys: [{ slot: 1, active: false, lastRotated: daysAgo(300), lastUsed: daysAgo(200) }] }),
      reportEntry('carol', { accessKeys: [{ slot: 2, active: true, lastRotated: daysAgo(300) }] }),
      reportEntry('<root_account>', { accessKeys: [{ slot: 1, active: true, lastRotated: daysAgo(300), lastUsed: daysAgo(200) }] }),
    ]
    const findings = run(unusedAccessKey, { credentialReport: { entries } })
    expect(names(findings)).toEqual(['alice access key 1'])
    expect(findings[0]).toMatchObject({ resource: { type: 'AccessKey', arn: 'arn:aws:iam::123456789012:user/alice' }, lastUsed: daysAgo(100).toISOString(), ageDays: 300 })
  })

  it('treats a rotated key as a new resource: its id changes with the rotation date', () => {
    const key = (rotated: number) => ({ credentialReport: { entries: [reportEntry('alice', { accessKeys: [{ slot: 1 as const, active: true, lastRotated: daysAgo(rotated), lastUsed: daysAgo(100) }] })] } })
    expect(run(unusedAccessKey, key(300))[0]!.id).toBe(run(unusedAccessKey, key(300))[0]!.id)
    expect(run(unusedAccessKey, key(300))[0]!.id).not.toBe(run(unusedAccessKey, key(250))[0]!.id)
  })
})
