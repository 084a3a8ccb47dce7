import type { AuditReport } from '../audit/audit-report.js'
import { renderCsv } from './csv.js'
import { jsonChunks, renderJson } from './json.js'
import { renderSarif } from './sarif.js'
import { renderTable } from './table.js'

export const AUDIT_FORMATS = ['table', 'json', 'csv', 'sarif'] as const
export type AuditFormat = (typeof AUDIT_FORMATS)[number]

export interface RenderOptions {
  color: boolean
  width?: number
  toolVersion: string
}

export function renderAuditReport(report: AuditReport, format: AuditFormat, options: RenderOptions): string {
  switch (format) {
    case 'table':
      return renderTable(report, options)
    case 'json':
      return renderJson(report)
    case 'csv':
      return renderCsv(report)
    case 'sarif':
      return renderSarif(report, options.toolVersion)
  }
}

/** The report in pieces: JSON one finding at a time (the format big accounts are read in), the others whole. */
export function* auditReportChunks(report: AuditReport, format: AuditFormat, options: RenderOptions): Generator<string> {
  if (format === 'json') yield* jsonChunks(report)
  else yield renderAuditReport(report, format, options)
}
