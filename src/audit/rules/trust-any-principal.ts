import type { PolicyStatement } from '../../policy/document/model.js'
import { defineRule } from './rule.js'
import { restrictsPrincipal, trustHits } from './trust-statements.js'

export const trustAnyPrincipal = defineRule({
  type: 'TRUST_ANY_PRINCIPAL',
  severity: 'critical',
  title: 'Role that anyone in any AWS account can assume',
  remediation:
    'Name the accounts or roles that may assume the role in Principal, or at least restrict it with aws:PrincipalOrgID, aws:PrincipalArn or sts:ExternalId.',
  needs: ['authorization'],
  check({ authorization }, settings) {
    const describe = (statements: PolicyStatement[]): string | null => {
      const open = statements.filter((s) => isAnyone(s) && !restrictsPrincipal(s.conditions))
      if (open.length === 0) return null
      return open.some((s) => s.notPrincipal)
        ? 'the trust policy allows sts:AssumeRole with NotPrincipal, i.e. to everyone not listed, without a restricting condition'
        : 'the trust policy allows sts:AssumeRole to Principal "*" without a condition restricting who'
    }
    return trustHits(authorization.roles, settings, describe)
  },
})

function isAnyone(statement: PolicyStatement): boolean {
  if (statement.notPrincipal) return true
  const principal = statement.principal
  return principal === '*' || (principal?.AWS ?? []).includes('*')
}
