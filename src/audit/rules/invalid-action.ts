import { policyIssueHits } from './policy-issue-hits.js'
import { defineRule } from './rule.js'

export const invalidAction = defineRule({
  type: 'INVALID_ACTION',
  severity: 'medium',
  title: 'Policy naming an action (or action wildcard) that AWS does not have',
  remediation:
    "Correct the name against the Service Authorization Reference (e.g. s3:GetObjectLockConfiguration → s3:GetBucketObjectLockConfiguration); IAM ignores the entry, so the grant or the Deny it was meant to be is missing.",
  needs: ['authorization', 'reference'],
  check({ authorization, reference }, settings) {
    return policyIssueHits('INVALID_ACTION', authorization, reference, settings)
  },
})
