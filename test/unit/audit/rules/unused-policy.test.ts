import { describe, expect, it } from 'vitest'

import { unusedPolicy } from '../../../../src/audit/rules/unused-policy.js'
import { authorization, daysAgo, managedPolicy, names, run } from './fixtures.js'

describe('UNUSED_POLICY', () => {
  it('flags customer-managed policies attached to nothing and older than --unused-days', () => {
    const policies = [
      managedPolicy('leftover', { attachmentCount: 0 }),
      managedPolicy('attached'),
      managedPolicy('brand-new', { attachmentCount: 0, createdAt: daysAgo(2) }),
      managedPolicy('ReadOnlyAccess', { attachmentCount: 0, awsManaged: true, arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
    ]
    const findings = run(unusedPolicy, { authorization: authorization({ policies }) })
    expect(names(findings)).toEqual(['leftover'])
    expect(findings[0]).toMatchObject({ severity: 'low', resource: { type: 'Policy', arn: 'arn:aws:iam::123456789012:policy/leftover' }, ageDays: 200 })
  })
})
