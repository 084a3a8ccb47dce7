import type { ActionInfo, IamReference } from '../iam-reference/iam-reference.js'
import type { Condition } from '../policy/document/model.js'
import type { StatementRef } from './compiled-statement.js'
import { ESCALATION_METHODS, type EscalationMethod } from './escalation-methods.js'
import type { Grant, PrincipalPermissions } from './principal-permissions.js'

/** A method a principal holds: every action granted on any resource, maybe only under conditions. */
export interface HeldMethod {
  method: EscalationMethod
  level: 'allowed' | 'conditional'
  /** Each action and the statements that grant it. */
  grants: { action: string; via: StatementRef[] }[]
  conditions: Condition[][]
}

const held = new WeakMap<PrincipalPermissions, HeldMethod[]>()
const resolved = new WeakMap<IamReference, { method: EscalationMethod; actions: (ActionInfo | undefined)[] }[]>()

/** The methods with their actions looked up once per reference, not once per principal. */
function methodsFor(reference: IamReference): { method: EscalationMethod; actions: (ActionInfo | undefined)[] }[] {
  let methods = resolved.get(reference)
  if (!methods) {
    methods = ESCALATION_METHODS.map((method) => ({ method, actions: method.actions.map((a) => reference.action(a)) }))
    resolved.set(reference, methods)
  }
  return methods
}

/** The escalation methods the principal holds, in the table's order (computed once per principal). */
export function escalationMethodsOf(permissions: PrincipalPermissions): HeldMethod[] {
  let methods = held.get(permissions)
  if (!methods) {
    methods = methodsFor(permissions.reference).flatMap(({ method, actions }) => {
      // Cheapest first: a method with an action the principal never names is not held.
      if (actions.some((a) => !a || !permissions.mentions(a))) return []
      const grants = method.actions.map((action, i) => ({ action, grant: permissions.grant(actions[i]!) }))
      if (grants.some((g) => g.grant.level === 'none')) return []
      const conditional = grants.filter((g): g is { action: string; grant: Extract<Grant, { level: 'conditional' }> } => g.grant.level === 'conditional')
      return [
        {
          method,
          level: conditional.length > 0 ? ('conditional' as const) : ('allowed' as const),
          grants: grants.map((g) => ({ action: g.action, via: g.grant.level === 'none' ? [] : g.grant.via })),
          conditions: conditional.flatMap((g) => g.grant.conditions),
        },
      ]
    })
    held.set(permissions, methods)
  }
  return methods
}
