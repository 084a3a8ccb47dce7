import type { Condition } from '../policy/document/model.js'
import { describeRef, type StatementRef } from './compiled-statement.js'

/** `inline policy ops, statement 1 (All)` for each statement, once each. */
export function describeVia(refs: readonly StatementRef[]): string[] {
  return [...new Set(refs.map(describeRef))]
}

/** `StringEquals aws:RequestedRegion eu-west-1` for each condition, statements joined by "or". */
export function describeConditions(conditions: readonly Condition[][]): string {
  const statements = [...new Set(conditions.map((list) => list.map((c) => `${c.operator} ${c.key} ${c.values.join('|')}`).join(' and ')))]
  return statements.join(' or ')
}
