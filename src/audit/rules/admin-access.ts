import { AccountPermissions } from '../account-permissions.js'
import { describeConditions, describeVia } from '../../permissions/describe-grant.js'
import { milder } from '../severity.js'
import { auditedPrincipals, principalHit } from './principals.js'
import { defineRule } from './rule.js'

export const adminAccess = defineRule({
  type: 'ADMIN_ACCESS',
  severity: 'high',
  title: 'User or role that can make every AWS call on every resource',
  remediation:
    'Replace the administrator grant with a policy scoped to what the identity does, and keep full access for a few MFA-protected break-glass roles. A grant that holds only under conditions is reported one level lower, with its conditions.',
  needs: ['authorization', 'reference'],
  check({ authorization, reference }, settings) {
    const model = AccountPermissions.of(authorization, reference)
    return auditedPrincipals(authorization, settings).flatMap((principal) => {
      const grant = model.permissionsOf(principal).fullAccess()
      if (grant.level === 'none') return []
      const via = describeVia(grant.via)
      return [
        {
          ...principalHit(principal, settings.now),
          via,
          ...(grant.level === 'conditional'
            ? { severity: milder('high'), detail: `full access through ${via.join('; ')}, only when ${describeConditions(grant.conditions)}` }
            : { detail: `full access through ${via.join('; ')}` }),
        },
      ]
    })
  },
})
