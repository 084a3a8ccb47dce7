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
 * Only those whose text `keep` accepts are described (most documents of an account have nothing
 * to report, and tens of thousands of roles share a few texts).
 */
export function customerDocuments(
  authorization: AuthorizationDetails,
  settings: Pick<AuditSettings, 'now' | 'includeServiceRoles'>,
  keep: (text: string | undefined) => boolean = () => true,
): CustomerDocument[] {
  const age = (createdAt: Date | undefined) => (createdAt ? daysSince(createdAt, settings.now) : null)
  const found: CustomerDocument[] = []
  for (const role of authorization.roles) {
    if (!settings.includeServiceRoles && isServiceLinkedRole(role)) continue
    const resource = (): FindingResource => ({ type: 'Role', name: role.name, arn: role.arn })
    if (keep(role.trustPolicy)) found.push({ resource: resource(), what: 'trust policy', text: role.trustPolicy, ageDays: age(role.createdAt) })
    for (const p of role.inlinePolicies) if (keep(p.document)) found.push({ resource: resource(), what: `inline policy ${p.name}`, text: p.document, ageDays: age(role.createdAt) })
  }
  for (const user of authorization.users) {
    for (const p of user.inlinePolicies) if (keep(p.document)) found.push({ resource: { type: 'User', name: user.name, arn: user.arn }, what: `inline policy ${p.name}`, text: p.document, ageDays: age(user.createdAt) })
  }
  for (const group of authorization.groups) {
    for (const p of group.inlinePolicies) if (keep(p.document)) found.push({ resource: { type: 'Group', name: group.name, arn: group.arn }, what: `inline policy ${p.name}`, text: p.document, ageDays: age(group.createdAt) })
  }
  for (const p of authorization.policies) {
    if (!p.awsManaged && keep(p.document)) found.push({ resource: { type: 'Policy', name: p.name, arn: p.arn }, what: 'policy document', text: p.document, ageDays: age(p.createdAt) })
  }
  return found
}
