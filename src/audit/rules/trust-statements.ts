import { actionMatches } from '../../policy/document/action-pattern.js'
import { MFA_AGE_KEY, MFA_PRESENT_KEY } from '../../policy/document/mfa-keys.js'
import type { Condition, PolicyDocument, PolicyStatement } from '../../policy/document/model.js'
import type { RoleDetail } from '../account-data.js'
import { daysSince, isoOrNull } from '../age.js'
import { type AuditSettings, isServiceLinkedRole, type RuleHit } from './rule.js'
import { documentOf } from './policy-sources.js'

/** The roles whose trust the audit judges, with the Allow statements that let someone sts:AssumeRole. */
export function assumeRoleGrants(roles: RoleDetail[], settings: Pick<AuditSettings, 'includeServiceRoles'>): { role: RoleDetail; statements: PolicyStatement[] }[] {
  const grants: { role: RoleDetail; statements: PolicyStatement[] }[] = []
  for (const role of roles) {
    if (!settings.includeServiceRoles && isServiceLinkedRole(role)) continue
    const document = documentOf(role.trustPolicy)
    const statements = document ? assumeRoleStatements(document) : []
    if (statements.length > 0) grants.push({ role, statements })
  }
  return grants
}

/**
 * One hit per judged role whose trust `describe` finds something in (its answer is the detail;
 * null: nothing to report). Roles stamped from one template share one parsed trust document and
 * so one statements array: `describe` runs once per array, not once per role.
 */
export function trustHits(roles: RoleDetail[], settings: Pick<AuditSettings, 'includeServiceRoles' | 'now'>, describe: (statements: PolicyStatement[]) => string | null): RuleHit[] {
  const described = new Map<PolicyStatement[], string | null>()
  const hits: RuleHit[] = []
  for (const { role, statements } of assumeRoleGrants(roles, settings)) {
    let detail = described.get(statements)
    if (detail === undefined) described.set(statements, (detail = describe(statements)))
    if (detail === null) continue
    hits.push({
      resource: { type: 'Role', name: role.name, arn: role.arn },
      detail,
      lastUsed: isoOrNull(role.lastUsed),
      ageDays: role.createdAt ? daysSince(role.createdAt, settings.now) : null,
    })
  }
  return hits
}

// Roles stamped from one template share one parsed trust document: its statements are picked once.
const pickedStatements = new WeakMap<PolicyDocument, PolicyStatement[]>()

/** The document's Allow statements that let someone sts:AssumeRole (one array per document). */
function assumeRoleStatements(document: PolicyDocument): PolicyStatement[] {
  let statements = pickedStatements.get(document)
  if (!statements) {
    statements = document.statements.filter((s) => s.effect === 'Allow' && (s.actions ?? []).some((pattern) => actionMatches(pattern, 'sts:AssumeRole')))
    pickedStatements.set(document, statements)
  }
  return statements
}

const sameKey = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

/**
 * Whether the conditions demand an MFA-authenticated caller. `BoolIfExists … "true"` does not:
 * long-term keys carry no MFA key at all, and IfExists lets them through.
 */
export function requiresMfa(conditions: Condition[]): boolean {
  return conditions.some(
    (c) =>
      (sameKey(c.key, MFA_PRESENT_KEY) && c.operator === 'Bool' && c.values.length > 0 && c.values.every((v) => v.toLowerCase() === 'true')) ||
      (sameKey(c.key, MFA_AGE_KEY) && /^Numeric(LessThan|LessThanEquals)$/.test(c.operator)) ||
      (sameKey(c.key, MFA_AGE_KEY) && c.operator === 'Null' && c.values.every((v) => v.toLowerCase() === 'false')),
  )
}

/** Condition keys that narrow down who may act: an organisation, an account, an ARN, an external id, a network. */
const RESTRICTING_KEYS = [
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:PrincipalServiceName',
  'aws:SourceAccount',
  'aws:SourceArn',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
  'aws:SourceIp',
  'aws:SourceVpc',
  'aws:SourceVpce',
  'aws:userid',
  'sts:ExternalId',
].map((k) => k.toLowerCase())

/**
 * Whether some condition limits who can use the statement. IfExists and Null operators do not
 * (a caller without the key passes), nor does a pattern that is only `*`.
 */
export function restrictsPrincipal(conditions: Condition[]): boolean {
  return conditions.some(
    (c) =>
      RESTRICTING_KEYS.includes(c.key.toLowerCase()) &&
      !c.operator.endsWith('IfExists') &&
      c.operator !== 'Null' &&
      c.values.length > 0 &&
      !c.values.every((v) => /^\*+$/.test(v)),
  )
}
