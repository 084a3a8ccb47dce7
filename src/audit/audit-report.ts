import type { BenchmarkResult } from './benchmark/benchmark-result.js'
import type { Finding } from './finding.js'
import { FINDING_TYPES, type FindingType } from './finding-types.js'
import type { SkippedRule } from './evaluate.js'
import { SEVERITIES, type Severity, severityRank } from './severity.js'

export interface AuditSummary {
  total: number
  bySeverity: Record<Severity, number>
  byType: Partial<Record<FindingType, number>>
  /** Findings an ignore-file entry accepted (not in `findings`). */
  suppressed: number
  /** Organization audits: the counts of every audited account, by account id. */
  byAccount?: AccountSummary[]
}

export interface AccountSummary {
  id: string
  name: string | null
  total: number
  bySeverity: Record<Severity, number>
}

/** An account an organization audit could not read, and why (its findings are unknown, not zero). */
export interface SkippedAccount {
  id: string
  name: string | null
  reason: string
}

/**
 * What identifies an organization run, so `audit merge` can prove that reports are shards of
 * one run: the organization, the settings and rules that judged it, and which slice this is.
 */
export interface OrganizationRun {
  organizationId: string | null
  managementAccountId: string | null
  orgRole: string
  /** Every account of the run before sharding, and a digest of their ids. */
  accountCount: number
  accountSetDigest: string
  shard: { index: number; count: number } | null
  settings: Record<string, unknown>
  rules: FindingType[]
}

/** How many of each the audit read (SPEC §7), so a short report is not mistaken for a small account. */
export interface ScannedCounts {
  users: number
  groups: number
  roles: number
  policies: number
}

/** SPEC §7's JSON document, plus what the audit could not see. */
export interface AuditReport {
  generatedAt: string
  account: string | null
  unusedDays: number
  maxKeyAgeDays: number
  /** Null when the account's identities could not be read: nothing is claimed as scanned. */
  scanned: ScannedCounts | null
  /** When IAM generated the credential report used (it may be up to four hours old). */
  credentialReportGeneratedTime: string | null
  findings: Finding[]
  summary: AuditSummary
  warnings: string[]
  /** What the audit cannot see, so that a clean report is not read as more than it is. */
  notes: string[]
  skippedRules: SkippedRule[]
  /**
   * Present only when data every audit rests on could not be read (the credential report, the
   * authorization details, the caller identity): the report shows less than the account holds.
   */
  incomplete?: string[]
  /** `--benchmark`: the benchmark's controls and their status. */
  benchmark?: BenchmarkResult
  /** Organization audits only. */
  organization?: OrganizationRun
  skippedAccounts?: SkippedAccount[]
}

/** Worst first, then by type and resource, so the same account gives the same order. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(compareFindings)
}

const typeOrder = (t: FindingType) => FINDING_TYPES.indexOf(t)

/** The report's order (see sortFindings): findings sorted apart can be merged in it. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    typeOrder(a.type) - typeOrder(b.type) ||
    a.resource.arn.localeCompare(b.resource.arn) ||
    a.resource.name.localeCompare(b.resource.name) ||
    a.id.localeCompare(b.id)
  )
}

function zeroCounts(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>
}

/** The summary's counts, added up one finding at a time (an organization's findings are never held together). */
export class SummaryCounter {
  total = 0
  readonly bySeverity = zeroCounts()
  readonly byType: Partial<Record<FindingType, number>> = {}

  add(finding: Pick<Finding, 'severity' | 'type'>): void {
    this.total++
    this.bySeverity[finding.severity]++
    this.byType[finding.type] = (this.byType[finding.type] ?? 0) + 1
  }

  summary(suppressed: number): AuditSummary {
    return { total: this.total, bySeverity: { ...this.bySeverity }, byType: { ...this.byType }, suppressed }
  }
}

export function summarize(findings: Iterable<Finding>, suppressed: number): AuditSummary {
  const counter = new SummaryCounter()
  for (const f of findings) counter.add(f)
  return counter.summary(suppressed)
}

/** What one read of the account's authorization details holds. */
export function scannedCounts(authorization: { users: unknown[]; groups: unknown[]; roles: unknown[]; policies: unknown[] } | undefined): ScannedCounts | null {
  if (!authorization) return null
  return { users: authorization.users.length, groups: authorization.groups.length, roles: authorization.roles.length, policies: authorization.policies.length }
}

/** The counts of several accounts (or shards) together; null when none of them was read. */
export function addScanned(parts: (ScannedCounts | null | undefined)[]): ScannedCounts | null {
  const known = parts.filter((p): p is ScannedCounts => p != null)
  if (known.length === 0) return null
  return known.reduce((a, b) => ({ users: a.users + b.users, groups: a.groups + b.groups, roles: a.roles + b.roles, policies: a.policies + b.policies }))
}
