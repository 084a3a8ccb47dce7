import type { SkippedRule } from './evaluate.js'
import { FINDING_TYPES } from './finding-types.js'

/**
 * Skipped rules of many accounts (or shards) as one entry per rule and reason, with the accounts
 * concerned, in the rule list's order: the same run gives the same list however it was split.
 */
export function groupSkippedRules(rules: SkippedRule[]): SkippedRule[] {
  const groups = new Map<string, SkippedRule & { accounts: string[] }>()
  for (const rule of rules) {
    const key = `${rule.type}\n${rule.reason}`
    const group = groups.get(key) ?? { type: rule.type, reason: rule.reason, accounts: [] }
    group.accounts.push(...(rule.accounts ?? []))
    groups.set(key, group)
  }
  return [...groups.values()]
    .map((g) => ({ ...g, accounts: [...new Set(g.accounts)].sort() }))
    .sort((a, b) => FINDING_TYPES.indexOf(a.type) - FINDING_TYPES.indexOf(b.type) || a.reason.localeCompare(b.reason))
}
