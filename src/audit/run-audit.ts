import type { AwsClients } from '../aws/clients.js'
import { type AuditReport, sortFindings, summarize } from './audit-report.js'
import { type Clock, systemClock } from '../clock.js'
import { collectAccount } from './collect/collect-account.js'
import { evaluateRules } from './evaluate.js'
import type { Finding } from './finding.js'
import { applyIgnores, type IgnoreEntry } from './ignore-file.js'
import { ALL_RULES } from './rules/all-rules.js'
import { unreadableDocuments } from './rules/policy-sources.js'
import type { Rule } from './rules/rule.js'
import { atOrAbove, type Severity } from './severity.js'

export interface AuditOptions {
  unusedDays: number
  maxKeyAgeDays: number
  includeServiceRoles: boolean
  /** Collect service last-accessed data for UNUSED_SERVICE_PERMISSIONS. */
  serviceUsage: boolean
  concurrency: number
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
  const collected = await collectAccount(deps.clients, {
    settings,
    serviceUsage: options.serviceUsage,
    concurrency: options.concurrency,
    clock,
    progress: deps.progress,
  })
  const { findings, skippedRules } = evaluateRules(deps.rules ?? ALL_RULES, collected.sources, collected.unavailable, settings, { id: collected.account, name: collected.accountName })
  const ignored = applyIgnores(findings, options.ignore, now)
  const unreadable = collected.sources.authorization ? unreadableDocuments(collected.sources.authorization) : []
  return {
    generatedAt: now.toISOString(),
    account: collected.account,
    unusedDays: options.unusedDays,
    maxKeyAgeDays: options.maxKeyAgeDays,
    credentialReportGeneratedTime: collected.sources.credentialReport?.generatedTime?.toISOString() ?? null,
    findings: sortFindings(ignored.kept),
    summary: summarize(ignored.kept, ignored.suppressed),
    warnings: [
      ...collected.warnings,
      ...(unreadable.length ? [`${unreadable.length} policy document(s) could not be parsed; the policy rules read them as empty (${unreadable.slice(0, 3).join('; ')})`] : []),
      ...ignored.warnings,
    ],
    skippedRules,
  }
}

/** The findings that make the audit fail under `--fail-on` (none for `none`). */
export function failingFindings(findings: Finding[], failOn: Severity | 'none'): Finding[] {
  return failOn === 'none' ? [] : findings.filter((f) => atOrAbove(f.severity, failOn))
}
