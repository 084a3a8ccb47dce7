import { AccountPermissions } from '../account-permissions.js'
import { describeConditions, describeVia } from '../../permissions/describe-grant.js'
import { escalationMethodsOf } from '../../permissions/escalation.js'
import { milder } from '../severity.js'
import { principalHit } from './principals.js'
import type { PrincipalPermissions } from '../../permissions/principal-permissions.js'
import { defineRule, type RuleHit } from './rule.js'

export const privilegeEscalation = defineRule({
  type: 'PRIVILEGE_ESCALATION',
  severity: 'high',
  title: 'User or role holding a publicly documented way to raise its own privileges',
  remediation:
    'Remove one of the actions the method needs, scope it to named resources (iam:PassRole to the roles the workload passes, with iam:PassedToService), or deny it; an attacker with these credentials can otherwise make itself administrator.',
  needs: ['authorization', 'reference'],
  check({ authorization, reference }, settings) {
    const model = AccountPermissions.of(authorization, reference)
    // Principals that hold the same policies share one PrincipalPermissions: describe each once.
    const described = new Map<PrincipalPermissions, Omit<RuleHit, 'resource'>[]>()
    const describe = (permissions: PrincipalPermissions): Omit<RuleHit, 'resource'>[] => {
      // An administrator holds every method; ADMIN_ACCESS says so once.
      if (permissions.fullAccess().level === 'allowed') return []
      return escalationMethodsOf(permissions).map((held) => {
        const granted = held.grants.map((g) => `${g.action} (${describeVia(g.via).join('; ')})`).join(', ')
        return {
          discriminator: held.method.id,
          via: describeVia(held.grants.flatMap((g) => g.via)),
          ...(held.level === 'conditional' ? { severity: milder('high') } : {}),
          detail:
            `${held.method.name} [${held.method.id}; ${held.method.reference}]: ${granted}` +
            (held.level === 'conditional' ? `; only when ${describeConditions(held.conditions)}` : ''),
        }
      })
    }
    return model.audited(settings.includeServiceRoles).flatMap(({ principal, permissions }) => {
      let hits = described.get(permissions)
      if (!hits) described.set(permissions, (hits = describe(permissions)))
      return hits.map((hit) => ({ ...principalHit(principal, settings.now), ...hit }))
    })
  },
})
