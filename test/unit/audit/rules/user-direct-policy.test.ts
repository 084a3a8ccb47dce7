import { describe, expect, it } from 'vitest'

import { userDirectPolicy } from '../../../../src/audit/rules/user-direct-policy.js'
import { authorization, names, policy, run, user } from './fixtures.js'

describe('USER_DIRECT_POLICY', () => {
  it('flags users with inline or attached policies of their own, not those with groups only', () => {
    const users = [
      user('inline', { inlinePolicies: [{ name: 'ops', document: policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }] }),
      user('attached', { attachedPolicies: [{ name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] }),
      user('grouped', { groups: ['devs'] }),
    ]
    const findings = run(userDirectPolicy, { authorization: authorization({ users }) })
    expect(names(findings)).toEqual(['inline', 'attached'])
    expect(findings[1]!.detail).toBe('policies on the user itself: attached ReadOnlyAccess')
  })
})
