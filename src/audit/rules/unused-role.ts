import { daysSince, isoOrNull, isUnused } from '../age.js'
import { defineRule, isServiceLinkedRole } from './rule.js'

export const unusedRole = defineRule({
  type: 'UNUSED_ROLE',
  severity: 'medium',
  title: 'Role not assumed for longer than --unused-days',
  remediation: 'Delete the role if nothing assumes it any more (check its trust policy for who could), or detach its permissions.',
  needs: ['authorization'],
  check({ authorization }, { now, unusedDays, includeServiceRoles }) {
    return authorization.roles
      .filter((role) => includeServiceRoles || !isServiceLinkedRole(role))
      .filter((role) => isUnused(role, now, unusedDays))
      .map((role) => ({
        resource: { type: 'Role' as const, name: role.name, arn: role.arn },
        detail: role.lastUsed
          ? `last assumed ${daysSince(role.lastUsed, now)} days ago`
          : `never assumed since it was created ${daysSince(role.createdAt!, now)} days ago (IAM tracks the last 400 days)`,
        lastUsed: isoOrNull(role.lastUsed),
        ageDays: role.createdAt ? daysSince(role.createdAt, now) : null,
      }))
  },
})
