import type { ActionInfo, IamReference } from '../iam-reference/iam-reference.js'
import type { Condition, PolicyDocument } from '../policy/document/model.js'
import { ActionSet } from './action-set.js'
import { type CompiledStatement, compileDocument, coversAnyResource, coversResource, type StatementRef } from './compiled-statement.js'

/** One policy a principal holds, and how it holds it (`inline policy ops`, `group g: attached policy P`). */
export interface PermissionSource {
  policy: string
  document: PolicyDocument
}

/**
 * Whether a principal may make a call: `allowed` without conditions, `conditional` only when
 * the listed conditions hold (each entry: one statement's conditions), or `none`.
 */
export type Grant =
  | { level: 'allowed'; via: StatementRef[] }
  | { level: 'conditional'; via: StatementRef[]; conditions: Condition[][] }
  | { level: 'none' }

interface HeldStatement {
  ref: StatementRef
  compiled: CompiledStatement
}

const NONE: Grant = { level: 'none' }

/**
 * The effective identity-based permissions of one user or role: its policies' Allow
 * statements, less the unconditioned explicit Deny statements, capped by its permissions
 * boundary. Conditioned Deny statements are not subtracted (whether they apply depends on the
 * request), so a grant they might block is still reported. SCPs and resource policies are out
 * of reach of an account's IAM data. This is the only place that decides "can it do X?".
 */
export class PrincipalPermissions {
  private readonly statements: HeldStatement[]
  private readonly boundary?: HeldStatement[]
  private full?: Grant

  constructor(
    sources: readonly PermissionSource[],
    readonly reference: IamReference,
    boundary?: PermissionSource,
  ) {
    this.statements = held(sources, reference)
    if (boundary) this.boundary = held([boundary], reference)
  }

  /** On every resource (`resourceArn` undefined) or on one resource ARN. */
  grant(action: ActionInfo, resourceArn?: string): Grant {
    const own = levelOf(this.statements, action, resourceArn)
    if (own.level === 'none' || !this.boundary) return own
    const capped = levelOf(this.boundary, action, resourceArn)
    if (capped.level === 'none') return NONE
    if (own.level === 'allowed' && capped.level === 'allowed') return own
    return { level: 'conditional', via: own.via, conditions: [...conditionsOf(own), ...conditionsOf(capped)] }
  }

  /** `grant` by name (`iam:PassRole`); none for an action AWS does not have. */
  grantOf(action: string, resourceArn?: string): Grant {
    const info = this.reference.action(action)
    return info ? this.grant(info, resourceArn) : NONE
  }

  /** Whether every action of every service is allowed on every resource: administrator access. */
  fullAccess(): Grant {
    this.full ??= this.computeFullAccess()
    return this.full
  }

  /** Whether an unconditioned Deny (own or boundary) refuses the call on this resource. */
  denies(action: ActionInfo, resourceArn: string): boolean {
    const deniedBy = (statements: HeldStatement[]) =>
      statements.some((s) => s.compiled.effect === 'Deny' && s.compiled.conditions.length === 0 && applies(s.compiled, action, resourceArn))
    return deniedBy(this.statements) || (this.boundary !== undefined && deniedBy(this.boundary))
  }

  /** Whether the principal holds any Allow statement that names `action` (on any resource, under any condition). */
  mentions(action: ActionInfo): boolean {
    return this.statements.some((s) => s.compiled.effect === 'Allow' && s.compiled.actions.has(action))
  }

  private computeFullAccess(): Grant {
    const total = this.reference.allActions().length
    const own = reach(this.statements, total)
    if (!own) return NONE
    let { unconditioned, possible } = own
    if (this.boundary) {
      const capped = reach(this.boundary, total)
      if (!capped) return NONE
      unconditioned = unconditioned.intersect(capped.unconditioned)
      possible = possible.intersect(capped.possible)
    }
    const broad = this.statements.filter((s) => s.compiled.effect === 'Allow' && coversAnyResource(s.compiled) && s.compiled.actions.count() > total / 2)
    if (unconditioned.isFull()) return { level: 'allowed', via: broad.filter((s) => s.compiled.conditions.length === 0).map((s) => s.ref) }
    if (possible.isFull()) {
      const conditioned = broad.filter((s) => s.compiled.conditions.length > 0)
      return { level: 'conditional', via: broad.map((s) => s.ref), conditions: conditioned.map((s) => s.compiled.conditions) }
    }
    return NONE
  }
}

function held(sources: readonly PermissionSource[], reference: IamReference): HeldStatement[] {
  return sources.flatMap((source) =>
    compileDocument(source.document, reference).map((compiled) => ({
      compiled,
      ref: { policy: source.policy, statement: compiled.statement, ...(compiled.sid !== undefined ? { sid: compiled.sid } : {}) },
    })),
  )
}

function applies(s: CompiledStatement, action: ActionInfo, resourceArn: string | undefined): boolean {
  if (!s.actions.has(action)) return false
  return resourceArn === undefined ? coversAnyResource(s) : coversResource(s, resourceArn)
}

function levelOf(statements: HeldStatement[], action: ActionInfo, resourceArn: string | undefined): Grant {
  const denied = statements.some((s) => s.compiled.effect === 'Deny' && s.compiled.conditions.length === 0 && applies(s.compiled, action, resourceArn))
  if (denied) return NONE
  const allows = statements.filter((s) => s.compiled.effect === 'Allow' && applies(s.compiled, action, resourceArn))
  const unconditioned = allows.filter((s) => s.compiled.conditions.length === 0)
  if (unconditioned.length > 0) return { level: 'allowed', via: unconditioned.map((s) => s.ref) }
  if (allows.length > 0) return { level: 'conditional', via: allows.map((s) => s.ref), conditions: allows.map((s) => s.compiled.conditions) }
  return NONE
}

function conditionsOf(grant: Grant): Condition[][] {
  return grant.level === 'conditional' ? grant.conditions : []
}

/** The actions allowed on every resource, without and with conditions, less unconditioned Deny on `*`. */
function reach(statements: HeldStatement[], total: number): { unconditioned: ActionSet; possible: ActionSet } | undefined {
  const allows = statements.filter((s) => s.compiled.effect === 'Allow' && coversAnyResource(s.compiled))
  // Cheap first: sets that together hold fewer actions than AWS has cannot cover them all.
  if (allows.reduce((n, s) => n + s.compiled.actions.count(), 0) < total) return undefined
  let unconditioned = ActionSet.empty(total)
  let possible = ActionSet.empty(total)
  for (const s of allows) {
    possible = possible.union(s.compiled.actions)
    if (s.compiled.conditions.length === 0) unconditioned = unconditioned.union(s.compiled.actions)
  }
  for (const s of statements) {
    if (s.compiled.effect === 'Deny' && s.compiled.conditions.length === 0 && coversAnyResource(s.compiled)) {
      unconditioned = unconditioned.minus(s.compiled.actions)
      possible = possible.minus(s.compiled.actions)
    }
  }
  return { unconditioned, possible }
}
