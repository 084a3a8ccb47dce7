import type { PolicyStatement } from '../../policy/document/model.js'
import { defineRule } from './rule.js'
import { requiresMfa, trustHits } from './trust-statements.js'

export const trustWithoutMfa = defineRule({
  type: 'TRUST_WITHOUT_MFA',
  severity: 'medium',
  title: 'Role that IAM users or whole accounts can assume without MFA',
  remediation:
    'Add "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}} to the trust statement (iamkit policy trust --mfa writes one), or trust a specific role instead of users or accounts.',
  needs: ['authorization'],
  check({ authorization }, settings) {
    const describe = (statements: PolicyStatement[]): string | null => {
      const principals = statements.filter((s) => !requiresMfa(s.conditions)).flatMap(humanPrincipals)
      return principals.length ? `assumable without MFA by ${[...new Set(principals)].join(', ')}` : null
    }
    return trustHits(authorization.roles, settings, describe)
  },
})

/**
 * The principals that can be people holding long-term keys: IAM users, and accounts (an
 * account id or `:root` lets every user of that account in). Roles, services and federated
 * identities cannot carry an MFA context of their own, and `*` is TRUST_ANY_PRINCIPAL's.
 */
function humanPrincipals(statement: PolicyStatement): string[] {
  const principal = statement.principal
  if (!principal || principal === '*') return []
  return (principal.AWS ?? []).filter((p) => /^\d{12}$/.test(p) || /^arn:[^:]+:iam::\d{12}:(root|user\/.+)$/.test(p))
}
