import { daysSince } from '../age.js'
import { defineRule } from './rule.js'

export const unusedPolicy = defineRule({
  type: 'UNUSED_POLICY',
  severity: 'low',
  title: 'Customer-managed policy attached to nothing',
  remediation: 'Delete the policy if nothing will attach it again; unattached policies are clutter that hides the ones that matter.',
  needs: ['authorization'],
  check({ authorization }, { now, unusedDays }) {
    return authorization.policies
      .filter((policy) => !policy.awsManaged && policy.attachmentCount === 0)
      // Young policies are usually about to be attached.
      .filter((policy) => policy.createdAt && daysSince(policy.createdAt, now) > unusedDays)
      .map((policy) => ({
        resource: { type: 'Policy' as const, name: policy.name, arn: policy.arn },
        detail: `attached to no user, group or role; created ${daysSince(policy.createdAt!, now)} days ago`,
        ageDays: daysSince(policy.createdAt!, now),
      }))
  },
})
