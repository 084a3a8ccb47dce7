import { policyIssueHits } from './policy-issue-hits.js'
import { defineRule } from './rule.js'

export const invalidConditionKey = defineRule({
  type: 'INVALID_CONDITION_KEY',
  severity: 'high',
  title: 'Policy condition on a key that does not exist, so it enforces nothing',
  remediation:
    'Correct the key (e.g. aws:MultiFactorAuth → aws:MultiFactorAuthPresent, kms:ViaServce → kms:ViaService); IAM accepts unknown keys silently, and a condition on a key that is never present never matches (or, with IfExists or a negated operator, always does).',
  needs: ['authorization', 'reference'],
  check({ authorization, reference }, settings) {
    return policyIssueHits('INVALID_CONDITION_KEY', authorization, reference, settings)
  },
})
