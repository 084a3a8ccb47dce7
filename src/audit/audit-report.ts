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
}

/** Worst first, then by type and resource, so the same account gives the same order. */
export function sortFindings(findings: Finding[]): Finding[] {
  const typeOrder = (t: FindingType) => FINDING_TYPES.indexOf(t)
  return [...findings].sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      typeOrder(a.type) - typeOrder(b.type) ||
      a.resource.arn.localeCompare(b.resource.arn) ||
      a.resource.name.localeCompare(b.resource.name) ||
      a.id.localeCompare(b.id),
  )
}

export function summarize(findings: Finding[], suppressed: number): AuditSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>
  const byType: Partial<Record<FindingType, number>> = {}
  for (const f of findings) {
    bySeverity[f.severity]++
    byType[f.type] = (byType[f.type] ?? 0) + 1
  }
  return { total: findings.length, bySeverity, byType, suppressed }
}

/** What one read of the account's authorization details holds. */
export function scannedCounts(authorization: { users: unknown[]; groups: unknown[]; roles: unknown[]; policies: unknown[] } | undefined): ScannedCounts | null {
  if (!authorization) return null
  return { users: authorization.users.length, groups: authorization.groups.length, roles: authorization.roles.length, policies: authorization.policies.length }
}
