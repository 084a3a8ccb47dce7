import { daysSince, isoOrNull } from '../age.js'
import type { PolicyStatement } from '../../policy/document/model.js'
import { defineRule } from './rule.js'
import { assumeRoleGrants, requiresMfa } from './trust-statements.js'

export const trustWithoutMfa = defineRule({
  type: 'TRUST_WITHOUT_MFA',
  severity: 'medium',
  title: 'Role that IAM users or whole accounts can assume without MFA',
  remediation:
    'Add "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}} to the trust statement (iamkit policy trust --mfa writes one), or trust a specific role instead of users or accounts.',
  needs: ['authorization'],
  check({ authorization }, settings) {
    // Roles with one trust document share its statements: who gets in without MFA is said once.
    const described = new Map<PolicyStatement[], string | null>()
    const describe = (statements: PolicyStatement[]): string | null => {
      const principals = statements.filter((s) => !requiresMfa(s.conditions)).flatMap(humanPrincipals)
      return principals.length ? `assumable without MFA by ${[...new Set(principals)].join(', ')}` : null
    }
    return assumeRoleGrants(authorization.roles, settings).flatMap(({ role, statements }) => {
      let detail = described.get(statements)
      if (detail === undefined) described.set(statements, (detail = describe(statements)))
      if (detail === null) return []
      return [
        {
          resource: { type: 'Role' as const, name: role.name, arn: role.arn },
          detail,
          lastUsed: isoOrNull(role.lastUsed),
          ageDays: role.createdAt ? daysSince(role.createdAt, settings.now) : null,
        },
      ]
    })
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
