/**
 * A typed IAM policy document, as both `iamkit policy` (which writes them) and `iamkit audit`
 * (which reads them) see it. Every element IAM accepts as "a string or a list" is a list here,
 * so code that inspects a statement never has to ask which form it was given.
 */

export type Effect = 'Allow' | 'Deny'

/** One (operator, key) pair of a Condition block; values are strings as IAM compares them. */
export interface Condition {
  operator: string
  key: string
  values: string[]
}

/** `"*"` (anyone) or the principal types a policy may name; `"AWS": "123456789012"` stays as given. */
export type Principal =
  | '*'
  | { AWS?: string[]; Service?: string[]; Federated?: string[]; CanonicalUser?: string[] }

export interface PolicyStatement {
  sid?: string
  effect: Effect
  actions?: string[]
  notActions?: string[]
  resources?: string[]
  notResources?: string[]
  principal?: Principal
  notPrincipal?: Principal
  conditions: Condition[]
}

export interface PolicyDocument {
  version?: string
  id?: string
  statements: PolicyStatement[]
}

/** The only policy language version iamkit writes; `2008-10-17` lacks policy variables. */
export const POLICY_VERSION = '2012-10-17'

/** The principal types IAM accepts inside a `Principal` object. */
export const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const
export type PrincipalType = (typeof PRINCIPAL_TYPES)[number]
