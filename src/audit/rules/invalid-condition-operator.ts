import { policyIssueHits } from './policy-issue-hits.js'
import { defineRule } from './rule.js'

export const invalidConditionOperator = defineRule({
  type: 'INVALID_CONDITION_OPERATOR',
  severity: 'high',
  title: 'Policy condition with an operator IAM does not have',
  remediation: 'Use one of IAM\'s condition operators (StringEquals, ArnLike, Bool, …, with IfExists or ForAllValues:/ForAnyValue: where meant); IAM refuses such a document when it is next written.',
  needs: ['authorization', 'reference'],
  check({ authorization, reference }, settings) {
    return policyIssueHits('INVALID_CONDITION_OPERATOR', authorization, reference, settings)
  },
})
