import type { AuditReport } from '../audit/audit-report.js'
import { type ReportToWrite, toWrite } from '../audit/report-findings.js'
import { ITEMS_HERE, prettyJsonPieces } from './json-pieces.js'

/** SPEC §7's document, pretty-printed like every other --json output of iamkit. */
export function renderJson(report: AuditReport | ReportToWrite): string {
  return [...jsonChunks(report)].join('')
}

/**
 * The same text as `JSON.stringify(report, null, 2)` plus a newline, in pieces (the findings a
 * batch at a time, as they are read), so a report of tens of thousands of findings is written
 * without ever being one string or, for an organization, one list in memory.
 */
export function* jsonChunks(report: AuditReport | ReportToWrite): Generator<string> {
  const written = toWrite(report)
  yield* prettyJsonPieces({ ...written, findings: ITEMS_HERE }, written.findings)
  yield '\n'
}
