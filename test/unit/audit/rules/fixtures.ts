import type { AccountSources, AuthorizationDetails, CredentialReportEntry, GroupDetail, ManagedPolicyDetail, RoleDetail, SourceName, UserDetail } from '../../../../src/audit/account-data.js'
import type { Finding } from '../../../../src/audit/finding.js'
import { type AuditSettings, type Rule, toFinding } from '../../../../src/audit/rules/rule.js'
import { loadIamReference } from '../../../../src/iam-reference/load-iam-reference.js'

/** AWS's service authorization data, as the audit hands it to the rules. */
export const REFERENCE = await loadIamReference()

/** Hand-built account data for rule tests: every date relative to a fixed "now". */
export const NOW = new Date('2026-11-22T12:00:00Z')
export const ACCOUNT = '123456789012'

export function daysAgo(days: number): Date {
  return new Date(NOW.getTime() - days * 86_400_000)
}

export const SETTINGS: AuditSettings = { now: NOW, unusedDays: 90, maxKeyAgeDays: 90, includeServiceRoles: false, accountId: ACCOUNT, partition: 'aws' }

export function reportEntry(user: string, fields: Partial<CredentialReportEntry> = {}): CredentialReportEntry {
  return {
    user,
    arn: user === '<root_account>' ? `arn:aws:iam::${ACCOUNT}:root` : `arn:aws:iam::${ACCOUNT}:user/${user}`,
    isRoot: user === '<root_account>',
    createdAt: daysAgo(200),
    passwordEnabled: false,
    mfaActive: false,
    accessKeys: [],
    ...fields,
  }
}

export function user(name: string, fields: Partial<UserDetail> = {}): UserDetail {
  return { name, arn: `arn:aws:iam::${ACCOUNT}:user/${name}`, path: '/', createdAt: daysAgo(200), inlinePolicies: [], attachedPolicies: [], groups: [], ...fields }
}

export function group(name: string, fields: Partial<GroupDetail> = {}): GroupDetail {
  return { name, arn: `arn:aws:iam::${ACCOUNT}:group/${name}`, path: '/', createdAt: daysAgo(200), inlinePolicies: [], attachedPolicies: [], ...fields }
}

export function role(name: string, fields: Partial<RoleDetail> = {}): RoleDetail {
  const path = fields.path ?? '/'
  return {
    name,
    arn: `arn:aws:iam::${ACCOUNT}:role${path}${name}`,
    path,
    createdAt: daysAgo(200),
    trustPolicy: trust({ Service: 'ec2.amazonaws.com' }),
    inlinePolicies: [],
    attachedPolicies: [],
    ...fields,
  }
}

export function managedPolicy(name: string, fields: Partial<ManagedPolicyDetail> = {}): ManagedPolicyDetail {
  return { name, arn: `arn:aws:iam::${ACCOUNT}:policy/${name}`, path: '/', createdAt: daysAgo(200), attachmentCount: 1, awsManaged: false, ...fields }
}

export function authorization(fields: Partial<AuthorizationDetails> = {}): AuthorizationDetails {
  return { users: [], groups: [], roles: [], policies: [], ...fields }
}

/** A trust policy with one sts:AssumeRole statement. */
export function trust(principal: unknown, condition?: object, extra: object = {}): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}), ...extra }] })
}

export function policy(...statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements })
}

/** Runs one rule the way the audit does, returning full findings. */
export function run<N extends SourceName>(rule: Rule<N>, data: Pick<AccountSources, N>, settings: Partial<AuditSettings> = {}): Finding[] {
  return rule.check(data, { ...SETTINGS, ...settings }).map((hit) => toFinding(rule, hit, { id: ACCOUNT, name: null }))
}

export const names = (findings: Finding[]) => findings.map((f) => f.resource.name)
