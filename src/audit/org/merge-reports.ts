import { UsageError } from '../../errors.js'
import { addScanned, type AuditReport, compareFindings, sortFindings, summarize } from '../audit-report.js'
import type { Finding } from '../finding.js'
import { isFindingType } from '../finding-types.js'
import type { ReportToWrite } from '../report-findings.js'
import { withBenchmark } from '../run-audit.js'
import { isSeverity } from '../severity.js'
import { groupSkippedRules } from '../skipped-rules.js'
import type { SpillFile } from '../spill/spill-file.js'
import { type FindingRun, SpilledFindings } from '../spill/spilled-findings.js'
import { ReportScanner } from './report-scanner.js'

export interface ShardFile {
  path: string
  /** The shard's report without its findings (`findings: []`). */
  report: AuditReport
  /** Its findings, kept in the spill file in the report's order. */
  run: FindingRun
}

/**
 * Reads shard reports (JSON, as `iamkit audit --org --shard K/N --format json` writes them) one
 * after another as they stream from disk, each shard's findings going to the spill file: what is
 * held is the reports without their findings.
 */
export async function readShardReports(paths: string[], spill: SpillFile): Promise<ShardFile[]> {
  const shards: ShardFile[] = []
  for (const path of paths) shards.push(await readShard(path, spill))
  return shards
}

async function readShard(path: string, spill: SpillFile): Promise<ShardFile> {
  const scanner = new ReportScanner(path)
  let previous: Finding | undefined
  let inOrder = true
  async function* findings(): AsyncGenerator<Finding> {
    let n = 0
    for await (const raw of scanner.findings()) {
      const finding = asFinding(raw, path, ++n)
      if (previous && compareFindings(previous, finding) > 0) inOrder = false
      previous = finding
      yield finding
    }
  }
  let run = await spill.append(findings())
  const report = scanner.document as AuditReport | null
  if (!report || typeof report !== 'object' || !Array.isArray(report.findings) || !report.organization || !report.summary) {
    throw new UsageError('MERGE_INPUT', `${path} is not the JSON report of an organization audit (iamkit audit --org … --format json)`)
  }
  // iamkit writes a shard in the report's order; one that was rearranged is sorted here (one shard in memory).
  if (!inOrder) run = await spill.append(sortFindings([...spill.read(run)] as Finding[]))
  return { path, report, run: { ...run, accounts: (report.summary.byAccount ?? []).map((a) => a.id) } }
}

/** What the merge relies on in a finding (its order, counts and benchmark); anything less is not a report iamkit wrote. */
function asFinding(raw: unknown, path: string, n: number): Finding {
  const f = raw as Partial<Finding> | null
  const whole =
    f !== null &&
    typeof f === 'object' &&
    typeof f.id === 'string' &&
    typeof f.type === 'string' &&
    isFindingType(f.type) &&
    typeof f.severity === 'string' &&
    isSeverity(f.severity) &&
    typeof f.resource?.arn === 'string' &&
    typeof f.resource.name === 'string' &&
    typeof f.account === 'object' &&
    f.account !== null
  if (!whole) throw new UsageError('MERGE_INPUT', `${path}: finding ${n} is not one iamkit writes (id, type, severity, resource, account)`)
  return f as Finding
}

/**
 * Combines the shard reports of one run into the report the unsharded run would have written.
 * They must be shards of one run: the same organization, account set, settings and rules, the
 * same N, and every shard 1…N exactly once. Anything else is bad input (exit 2), because a merge
 * that silently misses a shard would show a cleaner organization than there is.
 */
export function mergeShardReports(shards: ShardFile[], spill: SpillFile): ReportToWrite {
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

  const inOrder = [...shards].sort((a, b) => a.report.organization!.shard!.index - b.report.organization!.shard!.index)
  const reports = inOrder.map((s) => s.report)
  // The shards' runs merged in the report's order, read for the counts, the benchmark and the report.
  const findings = new SpilledFindings(spill, inOrder.map((s) => s.run))
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
