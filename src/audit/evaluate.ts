import type { AccountSources, SourceName } from './account-data.js'
import type { Finding, FindingAccount } from './finding.js'
import type { FindingType } from './finding-types.js'
import { type AuditSettings, type Rule, toFinding } from './rules/rule.js'

export interface SkippedRule {
  type: FindingType
  reason: string
  /** In an organization audit: the accounts where the rule was skipped for this reason. */
  accounts?: string[]
}

/** Runs every rule whose sources were collected; the others are listed as skipped, with why. */
export function evaluateRules(
  rules: readonly Rule[],
  sources: Partial<AccountSources>,
  unavailable: Partial<Record<SourceName, string>>,
  settings: AuditSettings,
  account: FindingAccount,
): { findings: Finding[]; skippedRules: SkippedRule[] } {
  const findings: Finding[] = []
  const skippedRules: SkippedRule[] = []
  for (const rule of rules) {
    const missing = rule.needs.find((source) => sources[source] === undefined)
    if (missing) {
      skippedRules.push({ type: rule.type, reason: unavailable[missing] ?? `${missing} was not collected` })
      continue
    }
    for (const hit of rule.check(sources as AccountSources, settings)) findings.push(toFinding(rule, hit, account))
  }
  return { findings, skippedRules }
}
