import type { AuditReport } from '../audit/audit-report.js'
import type { ReportToWrite } from '../audit/report-findings.js'
import { csvChunks } from './csv.js'
import { jsonChunks } from './json.js'
import { sarifChunks } from './sarif.js'
import { tableChunks } from './table.js'

export const AUDIT_FORMATS = ['table', 'json', 'csv', 'sarif'] as const
export type AuditFormat = (typeof AUDIT_FORMATS)[number]

export interface RenderOptions {
  color: boolean
  width?: number
  toolVersion: string
}

export function renderAuditReport(report: AuditReport | ReportToWrite, format: AuditFormat, options: RenderOptions): string {
  return [...auditReportChunks(report, format, options)].join('')
}

/**
 * The report in pieces, every format: its findings are read (from memory, or from an organization
 * audit's spill file) while it is written, so the whole text is never one string in memory.
 */
export function auditReportChunks(report: AuditReport | ReportToWrite, format: AuditFormat, options: RenderOptions): Generator<string> {
  switch (format) {
    case 'table':
      return tableChunks(report, options)
    case 'json':
      return jsonChunks(report)
    case 'csv':
      return csvChunks(report)
    case 'sarif':
      return sarifChunks(report, options.toolVersion)
  }
}
