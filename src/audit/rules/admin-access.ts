import { daysSince, isoOrNull } from '../age.js'
import type { PolicyStatement } from '../../policy/document/model.js'
import type { RoleDetail, UserDetail } from '../account-data.js'
import type { FindingResource } from '../finding.js'
import { type PolicySource, policySourcesOf } from './policy-sources.js'
import { defineRule, isServiceLinkedRole } from './rule.js'

/** AWS's own full-access policy, recognised by name even when IAM omits its document. */
const ADMINISTRATOR_ACCESS = /^arn:[^:]+:iam::aws:policy\/AdministratorAccess$/

export const adminAccess = defineRule({
  type: 'ADMIN_ACCESS',
  severity: 'high',
  title: 'User or role with full administrator access',
  remediation: 'Replace the administrator policy with one scoped to what the identity does, and keep full access for a few MFA-protected break-glass roles.',
  needs: ['authorization'],
  check({ authorization }, { now, includeServiceRoles }) {
    const principals: (UserDetail | RoleDetail)[] = [
      ...authorization.users,
      ...authorization.roles.filter((role) => includeServiceRoles || !isServiceLinkedRole(role)),
    ]
    return principals.flatMap((principal) => {
      const grants = policySourcesOf(principal, authorization).filter(grantsAdmin)
      if (grants.length === 0) return []
      const resource: FindingResource = 'trustPolicy' in principal
        ? { type: 'Role', name: principal.name, arn: principal.arn }
        : { type: 'User', name: principal.name, arn: principal.arn }
      return [
        {
          resource,
          detail: `full access through ${grants.map((g) => g.via).join(', ')}`,
          lastUsed: 'trustPolicy' in principal ? isoOrNull(principal.lastUsed) : null,
          ageDays: principal.createdAt ? daysSince(principal.createdAt, now) : null,
        },
      ]
    })
  },
})

function grantsAdmin(source: PolicySource): boolean {
  if (source.arn && ADMINISTRATOR_ACCESS.test(source.arn)) return true
  return source.document?.statements.some(isAdminStatement) ?? false
}

/**
 * Allow on every resource of every action (`*`, `*:*`), or of every action but a few
 * (`NotAction`): either way the identity can grant itself anything else.
 */
export function isAdminStatement(statement: PolicyStatement): boolean {
  if (statement.effect !== 'Allow') return false
  if (!statement.resources?.includes('*')) return false
  if (statement.notActions) return true
  return statement.actions?.some((action) => action === '*' || action === '*:*') ?? false
}
