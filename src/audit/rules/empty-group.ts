import { daysSince } from '../age.js'
import { defineRule } from './rule.js'

export const emptyGroup = defineRule({
  type: 'EMPTY_GROUP',
  severity: 'info',
  title: 'IAM group with no members',
  remediation: 'Delete the group, or add the users it was meant for; an empty group with permissions is a ready-made escalation path.',
  needs: ['authorization'],
  check({ authorization }, { now }) {
    const inUse = new Set(authorization.users.flatMap((user) => user.groups))
    return authorization.groups
      .filter((group) => !inUse.has(group.name))
      .map((group) => ({
        resource: { type: 'Group' as const, name: group.name, arn: group.arn },
        detail: `no user belongs to ${group.name}`,
        ageDays: group.createdAt ? daysSince(group.createdAt, now) : null,
      }))
  },
})
