import { describe, expect, it } from 'vitest'

import { UsageError } from '../../../src/errors.js'
import type { PolicyDocument, PolicyStatement } from '../../../src/policy/document/model.js'
import { checkPolicySize, POLICY_LIMITS, type PolicyLimit, policyCharacters } from '../../../src/policy/policy-limits.js'
import { validatePolicy } from '../../../src/policy/validate-policy.js'
import { loadIamReference } from '../../../src/iam-reference/load-iam-reference.js'

const reference = await loadIamReference()

const allow = (s: Partial<PolicyStatement> = {}): PolicyStatement => ({ effect: 'Allow', actions: ['s3:GetObject'], resources: ['*'], conditions: [], ...s })
const doc = (...statements: PolicyStatement[]): PolicyDocument => ({ version: '2012-10-17', statements })

function failure(run: () => unknown): UsageError {
  try {
    run()
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError)
    return err as UsageError
  }
  throw new Error('expected a UsageError')
}

/** A one-statement identity policy of exactly `size` characters without white space. */
function policyOfSize(size: number): PolicyDocument {
  const base = doc(allow({ resources: ['arn:aws:s3:::'] }))
  const padding = size - policyCharacters({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::' }] })
  base.statements[0]!.resources = [`arn:aws:s3:::${'b'.repeat(padding)}`]
  return base
}

describe('IAM size quotas', () => {
  it.each(Object.entries(POLICY_LIMITS) as [PolicyLimit, { maximum: number; what: string }][])(
    '%s: %s characters pass, one more fails with exit 2 and what to do',
    (limit, { maximum, what }) => {
      const exact = validatePolicy(policyOfSize(maximum), { kind: 'identity', limit, tooLargeAdvice: 'do this instead', reference })
      expect(exact.size).toEqual({ characters: maximum, limit, maximum })
      const err = failure(() => validatePolicy(policyOfSize(maximum + 1), { kind: 'identity', limit, tooLargeAdvice: 'do this instead', reference }))
      expect(err.code).toBe('POLICY_TOO_LARGE')
      expect(err.exitCode).toBe(2)
      expect(err.message).toBe(`the policy is ${maximum + 1} characters without white space, more than the ${maximum} IAM allows for a ${what}; do this instead`)
    },
  )

  it('does not count white space, inside strings included', () => {
    expect(policyCharacters({ a: 'x y z' })).toBe('{"a":"xyz"}'.length)
    expect(checkPolicySize({ a: 'b' }, 'trust', '').characters).toBe('{"a":"b"}'.length)
  })
})

describe('validatePolicy', () => {
  const identity = { kind: 'identity' as const, limit: 'managed' as const, tooLargeAdvice: '', reference }
  const trust = { kind: 'trust' as const, limit: 'trust' as const, tooLargeAdvice: '', reference }

  it('accepts a well-formed identity and trust policy', () => {
    expect(validatePolicy(doc(allow({ sid: 'Read' })), identity).json).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
    })
    expect(() => validatePolicy(doc({ effect: 'Allow', principal: { AWS: ['123456789012'] }, actions: ['sts:AssumeRole'], conditions: [] }), trust)).not.toThrow()
  })

  it.each([
    ['a malformed action', doc(allow({ actions: ['s3 GetObject'] })), identity, '"s3 GetObject" is not an action'],
    ['an unknown global condition key', doc(allow({ conditions: [{ operator: 'Bool', key: 'aws:MultiFactorAuthPresnt', values: ['true'] }] })), identity, 'condition key "aws:MultiFactorAuthPresnt" does not exist'],
    ['an action AWS does not have', doc(allow({ actions: ['s3:GetObjectLockConfiguration'] })), identity, 's3 has no action "GetObjectLockConfiguration"'],
    ['a service AWS does not have', doc(allow({ actions: ['pinpoint:GetApp'] })), identity, 'AWS has no service prefix "pinpoint"'],
    ['a wildcard that matches nothing', doc(allow({ actions: ['s3:Frobnicate*'] })), identity, '"s3:Frobnicate*" matches no action'],
    ['an unknown service condition key', doc(allow({ conditions: [{ operator: 'StringEquals', key: 'kms:ViaServce', values: ['x'] }] })), identity, 'condition key "kms:ViaServce" does not exist'],
    ['an operator IAM does not have', doc(allow({ conditions: [{ operator: 'StringEqual', key: 'aws:username', values: ['x'] }] })), identity, '"StringEqual" is not an IAM condition operator'],
    ['a wrong version', { version: '2008-10-17', statements: [allow()] }, identity, 'Version must be 2012-10-17'],
    ['no statement', doc(), identity, 'it has no statement'],
    ['a Sid with a space', doc(allow({ sid: 'Read all' })), identity, 'a Sid may only hold letters and digits'],
    ['a repeated Sid', doc(allow({ sid: 'A' }), allow({ sid: 'A' })), identity, 'Sid A is used twice'],
    ['a Principal in an identity policy', doc(allow({ principal: '*' })), identity, 'an identity policy cannot name a Principal'],
    ['an identity statement without Resource', doc(allow({ resources: undefined })), identity, 'needs a Resource'],
    ['a trust statement without Principal', doc(allow({ resources: undefined })), trust, 'needs a Principal'],
    ['a Resource in a trust policy', doc(allow({ principal: { AWS: ['1'] } })), trust, 'a trust policy cannot name a Resource'],
    ['no action', doc(allow({ actions: [] })), identity, 'names no action'],
  ])('refuses %s with exit 2', (_name, document, options, message) => {
    const err = failure(() => validatePolicy(document as PolicyDocument, options))
    expect(err.exitCode).toBe(2)
    expect(err.message).toContain(message)
  })
})
