import { daysSince } from '../age.js'
import { defineRule } from './rule.js'

export const userDirectPolicy = defineRule({
  type: 'USER_DIRECT_POLICY',
  severity: 'low',
  title: 'IAM user with permissions attached to the user, not through a group',
  remediation: 'Move the permissions to a group (or a role the user assumes) and add the user to it; per-user policies drift and are hard to review.',
  needs: ['authorization'],
  check({ authorization }, { now }) {
    return authorization.users
      .filter((user) => user.inlinePolicies.length + user.attachedPolicies.length > 0)
      .map((user) => ({
        resource: { type: 'User' as const, name: user.name, arn: user.arn },
        detail: `policies on the user itself: ${[...user.inlinePolicies.map((p) => `inline ${p.name}`), ...user.attachedPolicies.map((p) => `attached ${p.name}`)].join(', ')}`,
        ageDays: user.createdAt ? daysSince(user.createdAt, now) : null,
      }))
  },
})
