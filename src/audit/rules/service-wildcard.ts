import { AccountPermissions } from '../account-permissions.js'
import { describeConditions, describeVia } from '../../permissions/describe-grant.js'
import { SENSITIVE_SERVICES } from '../../permissions/risky-actions.js'
import type { Grant, PrincipalPermissions } from '../../permissions/principal-permissions.js'
import type { StatementRef } from '../../permissions/compiled-statement.js'
import type { Condition } from '../../policy/document/model.js'
import { milder } from '../severity.js'
import { principalHit } from './principals.js'
import { defineRule, type RuleHit } from './rule.js'

interface WholeService {
  service: string
  why: string
  count: number
  via: StatementRef[]
  conditions: Condition[][]
}

export const serviceWildcard = defineRule({
  type: 'SERVICE_WILDCARD',
  severity: 'medium',
  title: 'User or role granted every action of a security-sensitive service on every resource',
  remediation: 'List the actions the identity calls instead of svc:* (iamkit policy from-usage derives them from CloudTrail), scoped to named resources.',
  needs: ['authorization', 'reference'],
  check({ authorization, reference }, settings) {
    const model = AccountPermissions.of(authorization, reference)
    const services = SENSITIVE_SERVICES.map((s) => ({ ...s, actions: reference.actionsOf(s.service) })).filter((s) => s.actions.length > 0)
    // Principals that hold the same policies share one PrincipalPermissions: judge each once.
    const judged = new Map<PrincipalPermissions, Omit<RuleHit, 'resource'> | null>()
    const judge = (permissions: PrincipalPermissions): Omit<RuleHit, 'resource'> | null => {
      if (permissions.fullAccess().level === 'allowed') return null
      const whole: WholeService[] = services.flatMap((service) => {
        // Cheap first: a principal with no Allow naming the service's first action cannot hold them all.
        if (!permissions.mentions(service.actions[0]!)) return []
        const grants = service.actions.map((a) => permissions.grant(a))
        if (grants.some((g) => g.level === 'none')) return []
        const conditional = grants.filter((g): g is Extract<Grant, { level: 'conditional' }> => g.level === 'conditional')
        return [
          {
            service: service.service,
            why: service.why,
            count: service.actions.length,
            via: grants.flatMap((g) => (g.level === 'none' ? [] : g.via)),
            conditions: conditional.flatMap((g) => g.conditions),
          },
        ]
      })
      if (whole.length === 0) return null
      const unconditioned = whole.filter((w) => w.conditions.length === 0)
      const conditioned = whole.filter((w) => w.conditions.length > 0)
      const list = (items: WholeService[]) => items.map((w) => `${w.service}:* (${w.count} actions: ${w.why})`).join(', ')
      const via = describeVia(whole.flatMap((w) => w.via))
      return {
        via,
        ...(unconditioned.length === 0 ? { severity: milder('medium') } : {}),
        detail: [
          ...(unconditioned.length ? [`every action on every resource of ${list(unconditioned)}`] : []),
          ...(conditioned.length ? [`only when ${describeConditions(conditioned.flatMap((w) => w.conditions))}: ${list(conditioned)}`] : []),
        ].join('; ') + `; through ${via.join('; ')}`,
      }
    }
    return model.audited(settings.includeServiceRoles).flatMap(({ principal, permissions }): RuleHit[] => {
      let verdict = judged.get(permissions)
      if (verdict === undefined) judged.set(permissions, (verdict = judge(permissions)))
      return verdict ? [{ ...principalHit(principal, settings.now), ...verdict }] : []
    })
  },
})
