import { Flags } from '@oclif/core'

import type { AuditReport } from '../audit/audit-report.js'
import type { ReportToWrite } from '../audit/report-findings.js'
import { failingCount } from '../audit/run-audit.js'
import { isSeverity, SEVERITIES, type Severity } from '../audit/severity.js'
import { FindingsError, IncompleteResultError, UsageError } from '../errors.js'
import { checkOutputPath } from '../output/output-path.js'
import { writeFileAtomically } from '../profiles/atomic-write.js'
import type { Reporter } from '../reporter.js'
import { AUDIT_FORMATS, type AuditFormat, auditReportChunks } from '../render/render-audit.js'
import { writeChunks } from '../render/write-chunks.js'
import { colorEnabled, outputWidth } from './terminal.js'

/** The flags of every command that writes an audit report (`audit`, `audit merge`, `policy check`). */
export const auditOutputFlags = {
  format: Flags.string({ description: 'Report format (default: table on a terminal, json otherwise)', options: [...AUDIT_FORMATS] }),
  output: Flags.string({ helpValue: 'FILE', description: 'Write the report to this file (atomically) instead of stdout' }),
  'fail-on': Flags.string({ description: 'Exit 3 when a finding at or above this severity remains', options: [...SEVERITIES, 'none'], default: 'high' }),
}

export interface AuditOutputChoice {
  format: AuditFormat
  output?: string
  json: boolean
  failOn: Severity | 'none'
}

/** Checks the output flags before any work: `--json` is `--format json`; table only on a terminal by default. */
export async function chooseAuditOutput(flags: { format?: string; output?: string; 'fail-on': string }, json: boolean): Promise<AuditOutputChoice> {
  if (flags.output !== undefined) await checkOutputPath(flags.output, '--output')
  if (json && flags.format && flags.format !== 'json') throw new UsageError('USAGE', `--json asks for JSON but --format is ${flags.format}; choose one`)
  const format = json ? 'json' : ((flags.format as AuditFormat | undefined) ?? (process.stdout.isTTY && !flags.output ? 'table' : 'json'))
  return { format, output: flags.output, json, failOn: severityOrNone(flags['fail-on']) }
}

/** Writes the report where asked, then fails with exit 3 when `--fail-on` says so. */
export async function publishAuditReport(
  report: AuditReport | ReportToWrite,
  choice: AuditOutputChoice,
  deps: { reporter: Reporter; toolVersion: string; fixHint?: string },
): Promise<void> {
  const options = { color: colorEnabled() && !choice.output, width: outputWidth(), toolVersion: deps.toolVersion }
  // The table carries its warnings; other formats are for machines, so people see them on stderr.
  if (choice.format !== 'table' || choice.output) for (const warning of report.warnings) deps.reporter.warn(warning)
  if (choice.output) {
    // In pieces, so a large report is never held as one string (peak memory).
    await writeFileAtomically(choice.output, auditReportChunks(report, choice.format, options))
    deps.reporter.info(`Wrote ${report.summary.total} finding(s) to ${choice.output}`)
  }
  // --json always puts its one document on stdout; otherwise the report goes to one place.
  if (!choice.output || choice.json) await writeChunks(process.stdout, auditReportChunks(report, choice.format, options))

  // Fail closed: a report missing what every rule rests on must never pass as a clean account.
  if (report.incomplete?.length) {
    throw new IncompleteResultError(
      'AUDIT_INCOMPLETE',
      `the audit could not read ${report.incomplete.map((w) => w.split(':')[0]).join(', ')}, so the report shows less than the account holds; fix the cause in the warnings above and run it again`,
    )
  }

  const failing = failingCount(report.summary, choice.failOn)
  if (failing > 0) {
    throw new FindingsError('FINDINGS', `${failing} finding(s) at or above --fail-on ${choice.failOn}; ${deps.fixHint ?? 'see the report, fix them or accept them in an --ignore-file'}`)
  }
}

function severityOrNone(value: string): Severity | 'none' {
  if (value === 'none' || isSeverity(value)) return value
  throw new UsageError('USAGE', `--fail-on must be one of ${[...SEVERITIES, 'none'].join(', ')}, not "${value}"`)
}
