import { AccountPermissions } from '../account-permissions.js'
import { describeConditions, describeVia } from '../../permissions/describe-grant.js'
import { SENSITIVE_SERVICES } from '../../permissions/risky-actions.js'
import type { Grant } from '../../permissions/principal-permissions.js'
import { milder } from '../severity.js'
import { auditedPrincipals, principalHit } from './principals.js'
import { defineRule, type RuleHit } from './rule.js'

export const serviceWildcard = defineRule({
  type: 'SERVICE_WILDCARD',
  severity: 'medium',
  title: 'User or role granted every action of a security-sensitive service on every resource',
  remediation: 'List the actions the identity calls instead of svc:* (iamkit policy from-usage derives them from CloudTrail), scoped to named resources.',
  needs: ['authorization', 'reference'],
  check({ authorization, reference }, settings) {
    const model = AccountPermissions.of(authorization, reference)
    const services = SENSITIVE_SERVICES.map((s) => ({ ...s, actions: reference.actionsOf(s.service) })).filter((s) => s.actions.length > 0)
    return auditedPrincipals(authorization, settings).flatMap((principal) => {
      const permissions = model.permissionsOf(principal)
      if (permissions.fullAccess().level === 'allowed') return []
      return services.flatMap((service): RuleHit[] => {
        // Cheap first: a principal with no Allow naming the service's first action cannot hold them all.
        if (!permissions.mentions(service.actions[0]!)) return []
        const grants = service.actions.map((a) => permissions.grant(a))
        if (grants.some((g) => g.level === 'none')) return []
        const conditional = grants.filter((g): g is Extract<Grant, { level: 'conditional' }> => g.level === 'conditional')
        const via = describeVia(grants.flatMap((g) => (g.level === 'none' ? [] : g.via)))
        return [
          {
            ...principalHit(principal, settings.now),
            discriminator: service.service,
            via,
            ...(conditional.length ? { severity: milder('medium') } : {}),
            detail:
              `every ${service.service} action (${service.actions.length}) on every resource — ${service.why} — through ${via.join('; ')}` +
              (conditional.length ? `; only when ${describeConditions(conditional.flatMap((g) => g.conditions))}` : ''),
          },
        ]
      })
    })
  },
})
