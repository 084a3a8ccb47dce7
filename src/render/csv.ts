import type { AuditReport } from '../audit/audit-report.js'
import { controlsByFinding } from '../audit/benchmark/controls-by-finding.js'

const COLUMNS = ['id', 'account_id', 'account_name', 'type', 'severity', 'resource_type', 'resource_name', 'resource_arn', 'detail', 'last_used', 'age_days', 'recommendation'] as const

/** One row per finding (RFC 4180: CRLF line ends, fields quoted when they need it). */
export function renderCsv(report: AuditReport): string {
  const controls = controlsByFinding(report)
  const header = controls ? [...COLUMNS, `${report.benchmark!.id}_controls`] : [...COLUMNS]
  const rows = report.findings.map((f) => [
    ...[f.id, f.account.id ?? '', f.account.name ?? '', f.type, f.severity, f.resource.type, f.resource.name, f.resource.arn, f.detail, f.lastUsed ?? '', f.ageDays ?? '', f.recommendation],
    ...(controls ? [(controls.get(f.id) ?? []).join(' ')] : []),
  ])
  return [header, ...rows].map((row) => row.map((cell) => csvField(String(cell))).join(',')).join('\r\n') + '\r\n'
}

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}
