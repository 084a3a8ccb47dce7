import type { AuditReport } from '../audit/audit-report.js'

/** SPEC §7's document, pretty-printed like every other --json output of iamkit. */
export function renderJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`
}
