import { UsageError } from '../errors.js'

/**
 * IAM's size quotas for a policy document, counted in characters without white space
 * (IAM User Guide, "IAM and AWS STS quotas").
 */
export const POLICY_LIMITS = {
  'user-inline': { maximum: 2_048, what: 'inline user policy' },
  'role-inline': { maximum: 10_240, what: 'inline role policy' },
  managed: { maximum: 6_144, what: 'managed policy' },
  trust: { maximum: 2_048, what: 'role trust policy' },
} as const

export type PolicyLimit = keyof typeof POLICY_LIMITS
export const POLICY_LIMIT_NAMES = Object.keys(POLICY_LIMITS) as PolicyLimit[]

export interface PolicySize {
  characters: number
  limit: PolicyLimit
  maximum: number
}

/** The document's length as IAM counts it: its JSON with every white-space character removed. */
export function policyCharacters(json: object): number {
  return JSON.stringify(json).replace(/\s/g, '').length
}

/** Throws POLICY_TOO_LARGE (exit 2) when the document would not fit; `advice` says what to do instead. */
export function checkPolicySize(json: object, limit: PolicyLimit, advice: string): PolicySize {
  const characters = policyCharacters(json)
  const { maximum, what } = POLICY_LIMITS[limit]
  if (characters > maximum) {
    throw new UsageError(
      'POLICY_TOO_LARGE',
      `the policy is ${characters} characters without white space, more than the ${maximum} IAM allows for a ${what}; ${advice}`,
    )
  }
  return { characters, limit, maximum }
}
