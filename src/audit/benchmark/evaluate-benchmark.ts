import type { SkippedAccount } from '../audit-report.js'
import type { SkippedRule } from '../evaluate.js'
import type { Finding } from '../finding.js'
import type { BenchmarkResult, ControlResult } from './benchmark-result.js'
import type { BenchmarkDefinition, ControlDefinition } from './cis-aws-4.0.js'

export interface BenchmarkInputs {
  /** The report's findings (those an ignore file accepted do not fail a control). */
  findings: readonly Finding[]
  skippedRules: readonly SkippedRule[]
  skippedAccounts?: readonly SkippedAccount[]
  unusedDays: number
  maxKeyAgeDays: number
}

/** Each control's status from the report's findings: pure, so `audit merge` recomputes it the same way. */
export function evaluateBenchmark(definition: BenchmarkDefinition, inputs: BenchmarkInputs): BenchmarkResult {
  return { id: definition.id, title: definition.title, controls: definition.controls.map((control) => evaluateControl(control, inputs)) }
}

/** The findings that fail a control, e.g. to tag them in CSV and SARIF. */
export function controlFindings(control: ControlDefinition, findings: readonly Finding[]): Finding[] {
  const check = control.check
  if (check.kind === 'manual') return []
  return findings.filter((f) => check.types.includes(f.type) && (!check.resourceNames || check.resourceNames.includes(f.resource.name)))
}

function evaluateControl(control: ControlDefinition, inputs: BenchmarkInputs): ControlResult {
  const base = { id: control.id, title: control.title }
  const check = control.check
  if (check.kind === 'manual') return { ...base, status: 'manual', detail: check.check, findings: [] }
  const failing = controlFindings(control, inputs.findings)
  if (failing.length > 0) {
    const accounts = new Set(failing.map((f) => f.account.id))
    return { ...base, status: 'fail', detail: `${failing.length} finding(s) of ${[...new Set(failing.map((f) => f.type))].join(', ')}${accounts.size > 1 ? ` in ${accounts.size} accounts` : ''}`, findings: failing.map((f) => f.id) }
  }
  // Fail closed: no finding proves the control only when every rule behind it ran everywhere.
  const skipped = inputs.skippedRules.filter((r) => check.types.includes(r.type))
  if (skipped.length) return { ...base, status: 'unknown', detail: `not judged: ${skipped.map((r) => `${r.type} was skipped (${r.reason})`).join('; ')}`, findings: [] }
  if (inputs.skippedAccounts?.length) return { ...base, status: 'unknown', detail: `no finding in the audited accounts, but ${inputs.skippedAccounts.length} account(s) could not be audited`, findings: [] }
  if (check.requires && inputs[check.requires.setting] > check.requires.atMost) {
    return { ...base, status: 'unknown', detail: `no finding at ${check.requires.flag} ${inputs[check.requires.setting]}; CIS asks for ${check.requires.atMost}: run with ${check.requires.flag} ${check.requires.atMost} to judge it`, findings: [] }
  }
  return { ...base, status: 'pass', detail: `no ${check.types.join(' or ')} finding`, findings: [] }
}
