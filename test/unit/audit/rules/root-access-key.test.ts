import { describe, expect, it } from 'vitest'

import { rootAccessKey } from '../../../../src/audit/rules/root-access-key.js'
import { daysAgo, reportEntry, run } from './fixtures.js'

describe('ROOT_ACCESS_KEY', () => {
  it('flags each active root key, and nothing for users or inactive keys', () => {
    const entries = [
      reportEntry('<root_account>', { accessKeys: [{ slot: 1, active: false, lastRotated: daysAgo(900) }, { slot: 2, active: true, lastRotated: daysAgo(10), lastUsed: daysAgo(1) }] }),
      reportEntry('alice', { accessKeys: [{ slot: 1, active: true, lastRotated: daysAgo(10) }] }),
    ]
    const findings = run(rootAccessKey, { credentialReport: { entries } })
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ severity: 'critical', resource: { type: 'AccessKey', name: '<root_account> access key 2', arn: 'arn:aws:iam::123456789012:root' }, lastUsed: daysAgo(1).toISOString() })
  })
})
