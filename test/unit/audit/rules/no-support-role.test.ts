import { describe, expect, it } from 'vitest'

import { noSupportRole } from '../../../../src/audit/rules/no-support-role.js'
import { ACCOUNT, authorization, role, run, user } from './fixtures.js'

const SUPPORT = { name: 'AWSSupportAccess', arn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }

describe('NO_SUPPORT_ROLE', () => {
  it('flags the account when no role has AWSSupportAccess (a user with it does not count)', () => {
    const findings = run(noSupportRole, { authorization: authorization({ roles: [role('ops')], users: [user('helpdesk', { attachedPolicies: [SUPPORT] })] }) })
    expect(findings).toMatchObject([{ resource: { type: 'Account', name: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root` } }])
  })

  it("names the account in its own partition (aws-cn, aws-us-gov), not always aws", () => {
    for (const partition of ['aws-cn', 'aws-us-gov']) {
      const findings = run(noSupportRole, { authorization: authorization({ roles: [role('ops')] }) }, { partition })
      expect(findings[0]!.resource.arn).toBe(`arn:${partition}:iam::${ACCOUNT}:root`)
    }
  })

  it('passes with one role that has it', () => {
    expect(run(noSupportRole, { authorization: authorization({ roles: [role('support', { attachedPolicies: [SUPPORT] })] }) })).toEqual([])
  })
})
