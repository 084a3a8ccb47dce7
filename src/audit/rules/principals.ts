import { daysSince, isoOrNull } from '../age.js'
import type { RoleDetail, UserDetail } from '../account-data.js'
import type { FindingResource } from '../finding.js'

export function isRole(principal: UserDetail | RoleDetail): principal is RoleDetail {
  return 'trustPolicy' in principal
}

/** The finding fields every permission finding on a principal shares. */
export function principalHit(principal: UserDetail | RoleDetail, now: Date): { resource: FindingResource; lastUsed: string | null; ageDays: number | null } {
  return {
    resource: { type: isRole(principal) ? 'Role' : 'User', name: principal.name, arn: principal.arn },
    lastUsed: isRole(principal) ? isoOrNull(principal.lastUsed) : null,
    ageDays: principal.createdAt ? daysSince(principal.createdAt, now) : null,
  }
}
