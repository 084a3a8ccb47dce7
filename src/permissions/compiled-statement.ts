import type { IamReference } from '../iam-reference/iam-reference.js'
import type { Condition, PolicyDocument, PolicyStatement } from '../policy/document/model.js'
import { resourceMatches } from '../policy/document/resource-pattern.js'
import { ActionSet } from './action-set.js'

/** Where a statement comes from, for a finding's `via`: `inline policy ops, statement 2 (AllowAll)`. */
export interface StatementRef {
  /** The policy, as the principal holds it (`group admins: attached policy X`). */
  policy: string
  /** 1-based, as people count statements. */
  statement: number
  sid?: string
}

export function describeRef(ref: StatementRef): string {
  return `${ref.policy}, statement ${ref.statement}${ref.sid ? ` (${ref.sid})` : ''}`
}

/** A statement with its actions expanded against AWS's data. */
export interface CompiledStatement {
  effect: 'Allow' | 'Deny'
  actions: ActionSet
  resources?: string[]
  notResources?: string[]
  conditions: Condition[]
  statement: number
  sid?: string
}

const compiledDocuments = new WeakMap<PolicyDocument, CompiledStatement[]>()

/**
 * The document's statements, compiled once per parsed document (a managed policy attached to
 * thousands of roles is expanded once).
 */
export function compileDocument(document: PolicyDocument, reference: IamReference): CompiledStatement[] {
  let compiled = compiledDocuments.get(document)
  if (!compiled) {
    compiled = document.statements.map((s, i) => compileStatement(s, i, reference))
    compiledDocuments.set(document, compiled)
  }
  return compiled
}

function compileStatement(s: PolicyStatement, index: number, reference: IamReference): CompiledStatement {
  return {
    effect: s.effect,
    actions: s.notActions ? ActionSet.fromPatterns(s.notActions, reference, true) : ActionSet.fromPatterns(s.actions ?? [], reference),
    ...(s.resources ? { resources: s.resources } : {}),
    ...(s.notResources ? { notResources: s.notResources } : {}),
    conditions: s.conditions,
    statement: index + 1,
    ...(s.sid !== undefined ? { sid: s.sid } : {}),
  }
}

/**
 * Whether the statement covers every resource of its actions: `*`, an ARN whose resource part
 * is only `*` (`arn:aws:s3:::*`, `arn:aws:iam::123456789012:*`), every IAM entity of a kind
 * (`arn:aws:iam::*:role/*`), or a NotResource (all
 * but a few). Over-privilege is judged on such grants; grants scoped to named resources are not.
 */
export function coversAnyResource(s: CompiledStatement): boolean {
  if (s.notResources) return s.effect === 'Allow'
  return (s.resources ?? []).some(isWholeResourcePattern)
}

function isWholeResourcePattern(pattern: string): boolean {
  if (pattern === '*') return true
  const parts = pattern.split(':')
  if (parts.length < 6 || parts[0] !== 'arn') return false
  const resource = parts.slice(5).join(':')
  // `role/*` is every role only in IAM's ARNs; elsewhere `bucket/*` names one bucket's objects.
  return resource === '*' || (parts[2] === 'iam' && /^[\w-]+\/\*$/.test(resource))
}

/** Whether the statement applies to this one resource ARN. */
export function coversResource(s: CompiledStatement, arn: string): boolean {
  if (s.notResources) return !s.notResources.some((p) => resourceMatches(p, arn))
  return (s.resources ?? []).some((p) => resourceMatches(p, arn))
}
