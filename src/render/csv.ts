import type { AuditReport } from '../audit/audit-report.js'
import { controlsByFinding } from '../audit/benchmark/controls-by-finding.js'
import { type ReportToWrite, toWrite } from '../audit/report-findings.js'

const COLUMNS = ['id', 'account_id', 'account_name', 'type', 'severity', 'resource_type', 'resource_name', 'resource_arn', 'detail', 'last_used', 'age_days', 'recommendation'] as const

/** One row per finding (RFC 4180: CRLF line ends, fields quoted when they need it). */
export function renderCsv(report: AuditReport | ReportToWrite): string {
  return [...csvChunks(report)].join('')
}

/** The same text a row at a time, as the findings are read. */
export function* csvChunks(report: AuditReport | ReportToWrite): Generator<string> {
  const written = toWrite(report)
  const controls = controlsByFinding(written)
  const header = controls ? [...COLUMNS, `${written.benchmark!.id}_controls`] : [...COLUMNS]
  const line = (row: (string | number)[]) => `${row.map((cell) => csvField(String(cell))).join(',')}\r\n`
  yield line(header)
  for (const f of written.findings) {
    yield line([
      ...[f.id, f.account.id ?? '', f.account.name ?? '', f.type, f.severity, f.resource.type, f.resource.name, f.resource.arn, f.detail, f.lastUsed ?? '', f.ageDays ?? '', f.recommendation],
      ...(controls ? [(controls.get(f.id) ?? []).join(' ')] : []),
    ])
  }
}

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}
