import { readFile } from 'node:fs/promises'

import { UsageError } from '../../errors.js'
import { addScanned, type AuditReport, sortFindings, summarize } from '../audit-report.js'
import { withBenchmark } from '../run-audit.js'
import { groupSkippedRules } from '../skipped-rules.js'

export interface ShardFile {
  path: string
  report: AuditReport
}

/** Reads shard reports (JSON, as `iamkit audit --org --shard K/N --format json` writes them). */
export async function readShardReports(paths: string[]): Promise<ShardFile[]> {
  return Promise.all(
    paths.map(async (path) => {
      let text: string
      try {
        text = await readFile(path, 'utf8')
      } catch (err) {
        throw new UsageError('MERGE_INPUT', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
      }
      let report: AuditReport
      try {
        report = JSON.parse(text) as AuditReport
      } catch {
        throw new UsageError('MERGE_INPUT', `${path} is not a JSON audit report (write shards with --format json)`)
      }
      if (!report || !Array.isArray(report.findings) || !report.organization || !report.summary) {
        throw new UsageError('MERGE_INPUT', `${path} is not the JSON report of an organization audit (iamkit audit --org … --format json)`)
      }
      return { path, report }
    }),
  )
}

/**
 * Combines the shard reports of one run into the report the unsharded run would have written.
 * They must be shards of one run: the same organization, account set, settings and rules, the
 * same N, and every shard 1…N exactly once. Anything else is bad input (exit 2), because a merge
 * that silently misses a shard would show a cleaner organization than there is.
 */
export function mergeShardReports(shards: ShardFile[]): AuditReport {
  if (shards.length === 0) throw new UsageError('MERGE_INPUT', 'give the shard reports to merge: iamkit audit merge shard-1.json shard-2.json …')
  const [first] = shards as [ShardFile, ...ShardFile[]]
  const run = first.report.organization!
  if (!run.shard) throw new UsageError('MERGE_INPUT', `${first.path} is not a shard (it was run without --shard)`)
  const same = (label: string, value: (r: AuditReport) => unknown) => {
    const expected = JSON.stringify(value(first.report))
    const other = shards.find((s) => JSON.stringify(value(s.report)) !== expected)
    if (other) throw new UsageError('MERGE_MISMATCH', `${other.path} and ${first.path} are not shards of one run: their ${label} differ`)
  }
  same('organization', (r) => [r.organization!.organizationId, r.organization!.managementAccountId])
  same('account lists', (r) => [r.organization!.accountCount, r.organization!.accountSetDigest])
  same('settings', (r) => [r.unusedDays, r.maxKeyAgeDays, r.organization!.settings, r.organization!.orgRole, r.benchmark?.id ?? null])
  same('rule sets', (r) => r.organization!.rules)
  same('reference data', (r) => r.notes ?? [])
  same('shard counts (N of K/N)', (r) => r.organization!.shard?.count ?? null)

  const count = run.shard.count
  const seen = new Map<number, string>()
  for (const { path, report } of shards) {
    const index = report.organization!.shard!.index
    const earlier = seen.get(index)
    if (earlier) throw new UsageError('MERGE_DUPLICATE', `shard ${index}/${count} is given twice (${earlier} and ${path})`)
    seen.set(index, path)
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i))
  if (missing.length) throw new UsageError('MERGE_MISSING', `shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing: merge needs all ${count}`)

  const reports = shards.map((s) => s.report).sort((a, b) => a.organization!.shard!.index - b.organization!.shard!.index)
  const findings = sortFindings(reports.flatMap((r) => r.findings))
  const suppressed = reports.reduce((n, r) => n + r.summary.suppressed, 0)
  return withBenchmark(first.report.benchmark?.id, {
    generatedAt: reports.map((r) => r.generatedAt).sort().at(-1)!,
    account: first.report.account,
    unusedDays: first.report.unusedDays,
    maxKeyAgeDays: first.report.maxKeyAgeDays,
    credentialReportGeneratedTime: null,
    scanned: addScanned(reports.map((r) => r.scanned)),
    findings,
    summary: { ...summarize(findings, suppressed), byAccount: reports.flatMap((r) => r.summary.byAccount ?? []).sort((a, b) => a.id.localeCompare(b.id)) },
    warnings: [...new Set(reports.flatMap((r) => r.warnings))].sort(),
    notes: first.report.notes ?? [],
    skippedRules: groupSkippedRules(reports.flatMap((r) => r.skippedRules)),
    organization: { ...run, shard: null },
    skippedAccounts: reports.flatMap((r) => r.skippedAccounts ?? []).sort((a, b) => a.id.localeCompare(b.id)),
    ...(reports.some((r) => r.incomplete?.length) ? { incomplete: reports.flatMap((r) => r.incomplete ?? []) } : {}),
  })
}
