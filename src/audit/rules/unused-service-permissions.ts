import { daysSince } from '../age.js'
import type { RoleDetail } from '../account-data.js'
import { type AuditSettings, defineRule, isServiceLinkedRole } from './rule.js'

/**
 * The roles worth a service last-accessed job: the collector asks only for these, so a young
 * role (which has not had the time to use what it was given) costs no calls.
 */
export function rolesForServiceUsage(roles: RoleDetail[], settings: Pick<AuditSettings, 'now' | 'unusedDays' | 'includeServiceRoles'>): RoleDetail[] {
  return roles
    .filter((role) => settings.includeServiceRoles || !isServiceLinkedRole(role))
    .filter((role) => !role.createdAt || daysSince(role.createdAt, settings.now) > settings.unusedDays)
}

export const unusedServicePermissions = defineRule({
  type: 'UNUSED_SERVICE_PERMISSIONS',
  severity: 'low',
  title: 'Role granted services it has not used for longer than --unused-days',
  remediation: "Remove the unused services from the role's policies (iamkit policy from-usage writes a least-privilege policy from CloudTrail).",
  needs: ['authorization', 'serviceUsage'],
  check({ authorization, serviceUsage }, settings) {
    const { now, unusedDays } = settings
    return rolesForServiceUsage(authorization.roles, settings).flatMap((role) => {
      const services = serviceUsage.get(role.arn)
      if (!services) return []
      const unused = services
        .filter((s) => (s.lastAuthenticated ? daysSince(s.lastAuthenticated, now) > unusedDays : true))
        .map((s) => s.namespace)
        .sort()
      if (unused.length === 0) return []
      return [
        {
          resource: { type: 'Role' as const, name: role.name, arn: role.arn },
          detail: `${unused.length} of ${services.length} granted services unused for ${unusedDays}+ days: ${unused.join(', ')}`,
          ageDays: role.createdAt ? daysSince(role.createdAt, now) : null,
        },
      ]
    })
  },
})
