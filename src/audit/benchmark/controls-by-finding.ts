import type { AuditReport } from '../audit-report.js'

/** For a report with a benchmark: the failed controls each finding stands behind, by finding id. */
export function controlsByFinding(report: Pick<AuditReport, 'benchmark'>): Map<string, string[]> | undefined {
  if (!report.benchmark) return undefined
  const byFinding = new Map<string, string[]>()
  for (const control of report.benchmark.controls) {
    for (const id of control.findings) byFinding.set(id, [...(byFinding.get(id) ?? []), control.id])
  }
  return byFinding
}
