import type { SkippedAccount } from '../audit-report.js'
import type { SkippedRule } from '../evaluate.js'
import type { Finding } from '../finding.js'
import type { BenchmarkResult, ControlResult } from './benchmark-result.js'
import type { BenchmarkDefinition, ControlDefinition } from './cis-aws-4.0.js'

/** What a control looks at in a finding. */
export type BenchmarkFinding = Pick<Finding, 'id' | 'type'> & { resource: Pick<Finding['resource'], 'name'>; account: Pick<Finding['account'], 'id'> }

export interface BenchmarkInputs {
  /** The report's findings in its order (those an ignore file accepted do not fail a control); read once. */
  findings: Iterable<BenchmarkFinding>
  skippedRules: readonly SkippedRule[]
  skippedAccounts?: readonly SkippedAccount[]
  unusedDays: number
  maxKeyAgeDays: number
}

/** What fails one control: its findings' ids in the report's order, their types and accounts. */
interface Failing {
  ids: string[]
  types: Set<string>
  accounts: Set<string | null>
}

/**
 * Each control's status from the report's findings: pure, so `audit merge` recomputes it the same
 * way. One pass over the findings, keeping only the ids of those that fail a control.
 */
export function evaluateBenchmark(definition: BenchmarkDefinition, inputs: BenchmarkInputs): BenchmarkResult {
  const failing = new Map<ControlDefinition, Failing>(definition.controls.map((c) => [c, { ids: [], types: new Set(), accounts: new Set() }]))
  for (const f of inputs.findings) {
    for (const [control, found] of failing) {
      if (!failsControl(control, f)) continue
      found.ids.push(f.id)
      found.types.add(f.type)
      found.accounts.add(f.account.id)
    }
  }
  return { id: definition.id, title: definition.title, controls: definition.controls.map((control) => evaluateControl(control, failing.get(control)!, inputs)) }
}

function failsControl(control: ControlDefinition, finding: BenchmarkFinding): boolean {
  const check = control.check
  return check.kind === 'findings' && check.types.includes(finding.type) && (!check.resourceNames || check.resourceNames.includes(finding.resource.name))
}

function evaluateControl(control: ControlDefinition, failing: Failing, inputs: BenchmarkInputs): ControlResult {
  const base = { id: control.id, title: control.title }
  const check = control.check
  if (check.kind === 'manual') return { ...base, status: 'manual', detail: check.check, findings: [] }
  if (failing.ids.length > 0) {
    return { ...base, status: 'fail', detail: `${failing.ids.length} finding(s) of ${[...failing.types].join(', ')}${failing.accounts.size > 1 ? ` in ${failing.accounts.size} accounts` : ''}`, findings: failing.ids }
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
