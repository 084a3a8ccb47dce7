import Table from 'cli-table3'

import type { AuditReport } from '../audit/audit-report.js'
import type { FindingResource } from '../audit/finding.js'
import { SEVERITIES, type Severity } from '../audit/severity.js'

const COLOUR: Record<Severity, string> = { critical: '\x1b[1;31m', high: '\x1b[31m', medium: '\x1b[33m', low: '\x1b[36m', info: '\x1b[2m' }
const RESET = '\x1b[0m'

export interface TableOptions {
  color: boolean
  /** Terminal width to wrap to. */
  width?: number
}

/** For a person at a terminal: one table per severity, worst first, then the summary and warnings. */
export function renderTable(report: AuditReport, options: TableOptions): string {
  const paint = (severity: Severity, text: string) => (options.color ? `${COLOUR[severity]}${text}${RESET}` : text)
  const width = Math.max(80, options.width ?? 120)
  const lines: string[] = [`IAM audit of account ${report.account ?? 'unknown'} at ${report.generatedAt}`]
  for (const severity of [...SEVERITIES].reverse()) {
    const findings = report.findings.filter((f) => f.severity === severity)
    if (findings.length === 0) continue
    const table = new Table({
      head: ['Type', 'Resource', 'Detail', 'Last used'],
      colWidths: [28, Math.floor((width - 60) * 0.4), Math.ceil((width - 60) * 0.6), 14],
      wordWrap: true,
      style: { head: [], border: [] },
    })
    for (const f of findings) table.push([f.type, resourceLabel(f.resource), f.detail, f.lastUsed?.slice(0, 10) ?? 'never'])
    lines.push('', paint(severity, `${severity.toUpperCase()} (${findings.length})`), table.toString())
  }
  const { summary } = report
  const counts = [...SEVERITIES].reverse().map((s) => `${summary.bySeverity[s]} ${s}`).join(', ')
  lines.push('', `${summary.total} finding${summary.total === 1 ? '' : 's'}: ${counts}${summary.suppressed ? `; ${summary.suppressed} suppressed by the ignore file` : ''}`)
  if (report.skippedRules.length) lines.push(`Skipped: ${report.skippedRules.map((r) => `${r.type} (${r.reason})`).join('; ')}`)
  for (const warning of report.warnings) lines.push(`warning: ${warning}`)
  for (const note of report.notes) lines.push(`note: ${note}`)
  return `${lines.join('\n')}\n`
}

// A key's name already says what it is ("alice access key 1").
function resourceLabel(resource: FindingResource): string {
  return resource.type === 'AccessKey' ? resource.name : `${resource.type} ${resource.name}`
}
