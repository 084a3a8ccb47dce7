import type { Condition, PolicyDocument, PolicyStatement, Principal } from './model.js'

/**
 * The document in IAM's JSON shape, elements in the order AWS's own examples use. A list of
 * one is written as a plain string, the form people read and IAM stores most compactly.
 */
export function toIamJson(document: PolicyDocument): object {
  return {
    ...(document.version !== undefined ? { Version: document.version } : {}),
    ...(document.id !== undefined ? { Id: document.id } : {}),
    Statement: document.statements.map(statementJson),
  }
}

function statementJson(s: PolicyStatement): object {
  return {
    ...(s.sid !== undefined ? { Sid: s.sid } : {}),
    Effect: s.effect,
    ...(s.principal !== undefined ? { Principal: principalJson(s.principal) } : {}),
    ...(s.notPrincipal !== undefined ? { NotPrincipal: principalJson(s.notPrincipal) } : {}),
    ...(s.actions !== undefined ? { Action: oneOrMany(s.actions) } : {}),
    ...(s.notActions !== undefined ? { NotAction: oneOrMany(s.notActions) } : {}),
    ...(s.resources !== undefined ? { Resource: oneOrMany(s.resources) } : {}),
    ...(s.notResources !== undefined ? { NotResource: oneOrMany(s.notResources) } : {}),
    ...(s.conditions.length > 0 ? { Condition: conditionJson(s.conditions) } : {}),
  }
}

function principalJson(principal: Principal): unknown {
  if (principal === '*') return '*'
  return Object.fromEntries(
    Object.entries(principal)
      .filter((entry): entry is [string, string[]] => entry[1] !== undefined)
      .map(([type, ids]) => [type, oneOrMany(ids)]),
  )
}

// Operators in first-seen order, keys under each; a repeated (operator, key) pair keeps all values.
function conditionJson(conditions: Condition[]): Record<string, Record<string, string | string[]>> {
  const grouped: Record<string, Record<string, string[]>> = {}
  for (const { operator, key, values } of conditions) {
    const keys = (grouped[operator] ??= {})
    keys[key] = [...(keys[key] ?? []), ...values]
  }
  return Object.fromEntries(
    Object.entries(grouped).map(([op, keys]) => [op, Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, oneOrMany(v)]))]),
  )
}

function oneOrMany(values: string[]): string | string[] {
  return values.length === 1 ? (values[0] as string) : values
}
