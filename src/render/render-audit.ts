import type { AuditReport } from '../audit/audit-report.js'
import { renderCsv } from './csv.js'
import { renderJson } from './json.js'
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
