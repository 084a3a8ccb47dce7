import type { IamReference } from '../../iam-reference/iam-reference.js'
import { isWellFormedAction } from '../document/action-pattern.js'
import type { PolicyDocument, PolicyStatement } from '../document/model.js'
import { isConditionOperator, nearestOperator } from './condition-operators.js'

/** What is wrong in a statement, as the audit and `policy check` name it. */
export type PolicyIssueType = 'INVALID_ACTION' | 'INVALID_CONDITION_KEY' | 'INVALID_CONDITION_OPERATOR' | 'UNSUPPORTED_CONDITION_KEY'

export interface PolicyIssue {
  type: PolicyIssueType
  /** Errors make IAM ignore or refuse part of the policy; a warning is a condition that can never apply. */
  level: 'error' | 'warning'
  /** 0-based index of the statement in the document. */
  statement: number
  sid?: string
  /** The action, key or operator at fault. */
  subject: string
  message: string
}

/**
 * Checks a document against AWS's service authorization data: every Action / NotAction entry
 * names at least one action that exists, every condition operator is IAM's, every condition key
 * exists (globally or for some service), and a service key that none of the statement's actions
 * supports is a warning (IAM accepts it, but the condition then never sees the key).
 */
export function policyIssues(document: PolicyDocument, reference: IamReference): PolicyIssue[] {
  return document.statements.flatMap((statement, index) => statementIssues(statement, index, reference))
}

function statementIssues(statement: PolicyStatement, index: number, reference: IamReference): PolicyIssue[] {
  const issues: PolicyIssue[] = []
  const at = { statement: index, ...(statement.sid !== undefined ? { sid: statement.sid } : {}) }
  const error = (type: PolicyIssueType, subject: string, message: string) => issues.push({ type, level: 'error', ...at, subject, message })
  for (const action of [...(statement.actions ?? []), ...(statement.notActions ?? [])]) {
    const problem = actionProblem(action, reference)
    if (problem) error('INVALID_ACTION', action, problem)
  }
  const namedActions = statement.actions && !statement.actions.includes('*') ? statement.actions.flatMap((a) => reference.matchActions(a)) : undefined
  for (const { operator, key } of statement.conditions) {
    if (!isConditionOperator(operator)) {
      const nearest = nearestOperator(operator)
      error('INVALID_CONDITION_OPERATOR', operator, `"${operator}" is not an IAM condition operator${nearest ? ` (did you mean ${nearest}?)` : ''}; IAM refuses the policy`)
    }
    const verdict = reference.conditionKey(key)
    if (!verdict.known) {
      error('INVALID_CONDITION_KEY', key, `condition key "${key}" does not exist, so the condition never sees a value`)
      continue
    }
    if (verdict.scope !== 'service' || !namedActions || namedActions.length === 0) continue
    if (!namedActions.some((a) => reference.actionSupportsKey(a, key))) {
      issues.push({
        type: 'UNSUPPORTED_CONDITION_KEY',
        level: 'warning',
        ...at,
        subject: key,
        message: `condition key "${key}" is not supported by any of the statement's actions (${summarise(statement.actions ?? [])}), so it is never present`,
      })
    }
  }
  return dedupe(issues)
}

/** Why an Action entry names no action, or undefined when it names at least one. */
export function actionProblem(action: string, reference: IamReference): string | undefined {
  if (!isWellFormedAction(action)) return `"${action}" is not an action (service:Action)`
  if (action === '*') return undefined
  const service = action.slice(0, action.indexOf(':'))
  if (!/[*?]/.test(service) && !reference.hasService(service)) return `"${action}": AWS has no service prefix "${service}"`
  if (reference.matchActions(action).length === 0) {
    return /[*?]/.test(action) ? `"${action}" matches no action of AWS` : `"${action}": ${service} has no action "${action.slice(service.length + 1)}"`
  }
  return undefined
}

function summarise(actions: string[]): string {
  return actions.length <= 3 ? actions.join(', ') : `${actions.slice(0, 3).join(', ')} and ${actions.length - 3} more`
}

function dedupe(issues: PolicyIssue[]): PolicyIssue[] {
  const seen = new Set<string>()
  return issues.filter((i) => {
    const id = `${i.type}\n${i.subject}`
    if (seen.has(id)) return false
    seen.add(id)
    return true
  })
}
