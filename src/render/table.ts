import type { AuditReport } from '../audit/audit-report.js'
import type { Finding, FindingResource } from '../audit/finding.js'
import { type ReportToWrite, toWrite } from '../audit/report-findings.js'
import { SEVERITIES, type Severity } from '../audit/severity.js'
import { plainTable, plainTableChunks } from './plain-table.js'

const COLOUR: Record<Severity, string> = { critical: '\x1b[1;31m', high: '\x1b[31m', medium: '\x1b[33m', low: '\x1b[36m', info: '\x1b[2m' }
const RESET = '\x1b[0m'

export interface TableOptions {
  color: boolean
  /** Terminal width to fit (at least 80 is used; the command passes the terminal's, or COLUMNS, or 120). */
  width?: number
}

/** A detail column narrower than this wraps one word a line: each finding is stacked instead. */
const MIN_DETAIL = 40
const TYPE_WIDTH = 28
const LAST_USED_WIDTH = 12

/** For a person at a terminal: one table per severity, worst first, then the summary and warnings. */
export function renderTable(report: AuditReport | ReportToWrite, options: TableOptions): string {
  return [...tableChunks(report, options)].join('')
}

/** The same text in pieces: an organization's a account at a time, as its findings are read. */
export function* tableChunks(input: AuditReport | ReportToWrite, options: TableOptions): Generator<string> {
  const report = toWrite(input)
  const paint = (severity: Severity, text: string) => (options.color ? `${COLOUR[severity]}${text}${RESET}` : text)
  const width = Math.max(80, options.width ?? 120)
  const byAccount = report.summary.byAccount
  const head: string[] = [
    byAccount
      ? `IAM audit of ${byAccount.length} account${byAccount.length === 1 ? '' : 's'} of organization ${report.organization?.organizationId ?? 'unknown'} at ${report.generatedAt}`
      : `IAM audit of account ${report.account ?? 'unknown'} at ${report.generatedAt}`,
  ]
  if (report.scanned) {
    const { users, groups, roles, policies } = report.scanned
    head.push(`Scanned ${users} users, ${groups} groups, ${roles} roles and ${policies} managed policies`)
  }
  yield head.join('\n')
  // Sized by every finding of the report, so the severity tables line up and share one layout.
  const sizes = report.findings.count > 0 ? labelSizes(report.findings) : undefined
  // Each severity's table in pieces: "\n\nHIGH (n)\n" and then the table's rows a few hundred at a time.
  function* severityTables(some: Finding[]): Generator<string> {
    for (const severity of [...SEVERITIES].reverse()) {
      const findings = some.filter((f) => f.severity === severity)
      if (findings.length === 0) continue
      yield `\n\n${paint(severity, `${severity.toUpperCase()} (${findings.length})`)}\n`
      yield* wideTable(findings, width, sizes!) ?? stackedTable(findings, width)
    }
  }
  const piece = (lines: string[]) => (lines.length ? `\n${lines.join('\n')}` : '')
  // An organization's table is grouped by account, then by severity.
  if (byAccount) {
    for (const account of byAccount) {
      yield piece(['', `== Account ${account.id}${account.name ? ` (${account.name})` : ''}: ${account.total} finding${account.total === 1 ? '' : 's'}`])
      yield* severityTables([...report.findings.ofAccount(account.id)])
    }
    yield piece((report.skippedAccounts ?? []).flatMap((skipped) => ['', `== Account ${skipped.id}${skipped.name ? ` (${skipped.name})` : ''}: NOT AUDITED (${skipped.reason})`]))
  } else {
    yield* severityTables([...report.findings])
  }
  const lines: string[] = []
  if (report.benchmark) {
    const table = plainTable(
      { head: ['Control', 'Status', 'Title / what to check'], colWidths: [9, 10, width - 23] },
      report.benchmark.controls.map((c) => [c.id, c.status.toUpperCase(), c.status === 'pass' ? c.title : `${c.title}\n${c.detail}`]),
    )
    const count = (status: string) => report.benchmark!.controls.filter((c) => c.status === status).length
    lines.push('', `${report.benchmark.title}: ${count('pass')} pass, ${count('fail')} fail, ${count('manual')} manual, ${count('unknown')} unknown`, table)
  }
  const { summary } = report
  const counts = [...SEVERITIES].reverse().map((s) => `${summary.bySeverity[s]} ${s}`).join(', ')
  lines.push('', `${summary.total} finding${summary.total === 1 ? '' : 's'}: ${counts}${summary.suppressed ? `; ${summary.suppressed} suppressed by the ignore file` : ''}`)
  if (report.skippedRules.length) lines.push(`Skipped: ${report.skippedRules.map((r) => `${r.type} (${r.reason}${r.accounts ? `; ${r.accounts.length} account(s)` : ''})`).join('; ')}`)
  for (const warning of report.warnings) lines.push(`warning: ${warning}`)
  for (const note of report.notes) lines.push(`note: ${note}`)
  yield `${piece(lines)}\n`
}

/** The longest resource label and the longest word in one (each with its padding), over the findings. */
interface LabelSizes {
  longestLabel: number
  longestWord: number
}

function labelSizes(findings: Iterable<Finding>): LabelSizes {
  let longestLabel = 0
  let longestWord = 0
  for (const f of findings) {
    const label = resourceLabel(f.resource)
    longestLabel = Math.max(longestLabel, label.length)
    for (const word of label.split(' ')) longestWord = Math.max(longestWord, word.length)
  }
  return { longestLabel: longestLabel + 2, longestWord: longestWord + 2 }
}

// Column widths include one space of padding on each side; a table of n columns has n + 1 borders.

/**
 * Type, resource, detail and last use side by side, when that fits: the resource column as wide
 * as the longest label (at most half of what is left), the detail the rest. Undefined when a
 * resource name would be broken or the detail squeezed.
 */
function wideTable(findings: Finding[], width: number, { longestLabel, longestWord }: LabelSizes): Generator<string> | undefined {
  const rest = width - 5 - TYPE_WIDTH - LAST_USED_WIDTH
  const resource = Math.min(longestLabel, Math.floor(rest / 2))
  if (resource < longestWord || rest - resource < MIN_DETAIL) return undefined
  return plainTableChunks(
    { head: ['Type', 'Resource', 'Detail', 'Last used'], colWidths: [TYPE_WIDTH, resource, rest - resource, LAST_USED_WIDTH] },
    rowsOf(findings, (f) => [f.type, resourceLabel(f.resource), f.detail, lastUsed(f)]),
  )
}

/** On a narrow terminal: the type and last use on the left, the resource above its detail on the right. */
function stackedTable(findings: Finding[], width: number): Generator<string> {
  return plainTableChunks(
    { head: ['Type / last used', 'Resource / detail'], colWidths: [TYPE_WIDTH, width - 3 - TYPE_WIDTH] },
    rowsOf(findings, (f) => [`${f.type}\n${lastUsed(f)}`, `${resourceLabel(f.resource)}\n${f.detail}`]),
  )
}

/** A row at a time, as the table is written. */
function* rowsOf(findings: Finding[], row: (f: Finding) => string[]): Generator<string[]> {
  for (const f of findings) yield row(f)
}

function lastUsed(finding: Finding): string {
  return finding.lastUsed?.slice(0, 10) ?? 'never'
}

// A key's name already says what it is ("alice access key 1").
function resourceLabel(resource: FindingResource): string {
  return resource.type === 'AccessKey' ? resource.name : `${resource.type} ${resource.name}`
}
