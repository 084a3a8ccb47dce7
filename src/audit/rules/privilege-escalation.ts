import { AccountPermissions } from '../account-permissions.js'
import { describeConditions, describeVia } from '../../permissions/describe-grant.js'
import { escalationMethodsOf } from '../../permissions/escalation.js'
import { milder } from '../severity.js'
import { auditedPrincipals, principalHit } from './principals.js'
import { defineRule } from './rule.js'

export const privilegeEscalation = defineRule({
  type: 'PRIVILEGE_ESCALATION',
  severity: 'high',
  title: 'User or role holding a publicly documented way to raise its own privileges',
  remediation:
    'Remove one of the actions the method needs, scope it to named resources (iam:PassRole to the roles the workload passes, with iam:PassedToService), or deny it; an attacker with these credentials can otherwise make itself administrator.',
  needs: ['authorization', 'reference'],
  check({ authorization, reference }, settings) {
    const model = AccountPermissions.of(authorization, reference)
    return auditedPrincipals(authorization, settings).flatMap((principal) => {
      const permissions = model.permissionsOf(principal)
      // An administrator holds every method; ADMIN_ACCESS says so once.
      if (permissions.fullAccess().level === 'allowed') return []
      return escalationMethodsOf(permissions).map((held) => {
        const granted = held.grants.map((g) => `${g.action} (${describeVia(g.via).join('; ')})`).join(', ')
        return {
          ...principalHit(principal, settings.now),
          discriminator: held.method.id,
          via: describeVia(held.grants.flatMap((g) => g.via)),
          ...(held.level === 'conditional' ? { severity: milder('high') } : {}),
          detail:
            `${held.method.name} [${held.method.id}; ${held.method.reference}]: ${granted}` +
            (held.level === 'conditional' ? `; only when ${describeConditions(held.conditions)}` : ''),
        }
      })
    })
  },
})
