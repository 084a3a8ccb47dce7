import { AccountPermissions } from '../account-permissions.js'
import { describeConditions, describeVia } from '../../permissions/describe-grant.js'
import { milder } from '../severity.js'
import { principalHit } from './principals.js'
import type { PrincipalPermissions } from '../../permissions/principal-permissions.js'
import { defineRule, type RuleHit } from './rule.js'

export const adminAccess = defineRule({
  type: 'ADMIN_ACCESS',
  severity: 'high',
  title: 'User or role that can make every AWS call on every resource',
  remediation:
    'Replace the administrator grant with a policy scoped to what the identity does, and keep full access for a few MFA-protected break-glass roles. A grant that holds only under conditions is reported one level lower, with its conditions.',
  needs: ['authorization', 'reference'],
  check({ authorization, reference }, settings) {
    const model = AccountPermissions.of(authorization, reference)
    // Principals that hold the same policies share one PrincipalPermissions: describe each once.
    const described = new Map<PrincipalPermissions, Omit<RuleHit, 'resource'> | null>()
    const describe = (permissions: PrincipalPermissions): Omit<RuleHit, 'resource'> | null => {
      const grant = permissions.fullAccess()
      if (grant.level === 'none') return null
      const via = describeVia(grant.via)
      return grant.level === 'conditional'
        ? { via, severity: milder('high'), detail: `full access through ${via.join('; ')}, only when ${describeConditions(grant.conditions)}` }
        : { via, detail: `full access through ${via.join('; ')}` }
    }
    return model.audited(settings.includeServiceRoles).flatMap(({ principal, permissions }): RuleHit[] => {
      let hit = described.get(permissions)
      if (hit === undefined) described.set(permissions, (hit = describe(permissions)))
      return hit ? [{ ...principalHit(principal, settings.now), ...hit }] : []
    })
  },
})
