import { daysSince } from '../age.js'
import type { AuthorizationDetails } from '../account-data.js'
import type { FindingResource } from '../finding.js'
import { type AuditSettings, isServiceLinkedRole } from './rule.js'

/** A policy document the account's people wrote, and where it lives. */
export interface CustomerDocument {
  resource: FindingResource
  /** `trust policy`, `inline policy ops`, `policy document`. */
  what: string
  text: string | undefined
  ageDays: number | null
}

/**
 * The documents the correctness rules lint: inline policies, customer-managed policies and
 * trust policies. AWS-managed policies are AWS's to get right, and service-linked roles' too.
 */
export function customerDocuments(authorization: AuthorizationDetails, settings: Pick<AuditSettings, 'now' | 'includeServiceRoles'>): CustomerDocument[] {
  const age = (createdAt: Date | undefined) => (createdAt ? daysSince(createdAt, settings.now) : null)
  const roles = authorization.roles.filter((role) => settings.includeServiceRoles || !isServiceLinkedRole(role))
  return [
    ...roles.flatMap((role) => {
      const resource: FindingResource = { type: 'Role', name: role.name, arn: role.arn }
      return [
        { resource, what: 'trust policy', text: role.trustPolicy, ageDays: age(role.createdAt) },
        ...role.inlinePolicies.map((p) => ({ resource, what: `inline policy ${p.name}`, text: p.document, ageDays: age(role.createdAt) })),
      ]
    }),
    ...authorization.users.flatMap((user) =>
      user.inlinePolicies.map((p) => ({ resource: { type: 'User' as const, name: user.name, arn: user.arn }, what: `inline policy ${p.name}`, text: p.document, ageDays: age(user.createdAt) })),
    ),
    ...authorization.groups.flatMap((group) =>
      group.inlinePolicies.map((p) => ({ resource: { type: 'Group' as const, name: group.name, arn: group.arn }, what: `inline policy ${p.name}`, text: p.document, ageDays: age(group.createdAt) })),
    ),
    ...authorization.policies
      .filter((p) => !p.awsManaged)
      .map((p) => ({ resource: { type: 'Policy' as const, name: p.name, arn: p.arn }, what: 'policy document', text: p.document, ageDays: age(p.createdAt) })),
  ]
}
