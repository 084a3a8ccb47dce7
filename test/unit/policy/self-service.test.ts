import { describe, expect, it } from 'vitest'

import { WORKFLOW_CALLS } from '../../../src/aws/workflow-calls.js'
import { actionMatches } from '../../../src/policy/document/action-pattern.js'
import type { PolicyDocument } from '../../../src/policy/document/model.js'
import { parsePolicyDocument } from '../../../src/policy/document/parse-policy.js'
import { toIamJson } from '../../../src/policy/document/render-policy.js'
import { resourceMatches } from '../../../src/policy/document/resource-pattern.js'
import { userPolicy } from '../../../src/policy/user-policy.js'
import { WORKFLOW_CALL_SCOPES } from '../../../src/policy/workflow-call-resources.js'

/**
 * moto passes "*" as the resource of every IAM call, so it cannot tell whether the policy
 * scopes the calls to the caller's own user. These tests evaluate the generated policy with
 * the model the way IAM does (action, then resource with ${aws:username} substituted).
 */
function allows(policy: PolicyDocument, action: string, resource: string, username: string): boolean {
  const vars = { 'aws:username': username }
  const matching = policy.statements.filter(
    (s) =>
      (s.actions ?? []).some((p) => actionMatches(p, action)) &&
      (s.resources ?? []).some((r) => resourceMatches(r, resource, vars)),
  )
  return matching.some((s) => s.effect === 'Allow') && !matching.some((s) => s.effect === 'Deny')
}

const policy = parsePolicyDocument(toIamJson(userPolicy({ roleArns: ['arn:aws:iam::123456789012:role/Developer'], selfService: true })))
const granted = policy.statements.flatMap((s) => s.actions ?? [])
const allCalls = [...new Set(Object.values(WORKFLOW_CALLS).flat())]

describe('policy user --self-service', () => {
  it('classifies every call of init, login and rotate', () => {
    for (const call of allCalls) expect(WORKFLOW_CALL_SCOPES[call], call).toBeDefined()
  })

  it('grants exactly the workflow calls that need a permission, and sts:AssumeRole for the listed roles', () => {
    const needed = allCalls.filter((c) => WORKFLOW_CALL_SCOPES[c] !== 'no-permission')
    expect(new Set(granted)).toEqual(new Set([...needed, 'sts:AssumeRole']))
    expect(granted).toHaveLength(needed.length + 1)
    expect(needed).toContain('iam:CreateAccessKey')
    expect(granted).not.toContain('sts:GetCallerIdentity')
  })

  it.each([
    ['alice', 'arn:aws:iam::123456789012:user/alice'],
    ['alice', 'arn:aws:iam::123456789012:user/engineering/alice'],
    ['alice', 'arn:aws:iam::123456789012:user/a/b/alice'],
  ])('lets %s call every user-scoped action on %s', (username, arn) => {
    for (const call of allCalls.filter((c) => WORKFLOW_CALL_SCOPES[c] === 'own-user')) {
      expect(allows(policy, call, arn, username), call).toBe(true)
    }
  })

  it.each([
    ['alice', 'arn:aws:iam::123456789012:user/bob'],
    ['alice', 'arn:aws:iam::123456789012:user/engineering/bob'],
    ['alice', 'arn:aws:iam::123456789012:user/malice'],
    ['alice', 'arn:aws:iam::123456789012:user/alice-admin'],
    ['alice', 'arn:aws:iam::123456789012:user/alice/x'],
    ['alice', 'arn:aws:iam::123456789012:role/alice'],
  ])('does not let %s touch %s', (username, arn) => {
    for (const call of allCalls.filter((c) => WORKFLOW_CALL_SCOPES[c] === 'own-user')) {
      expect(allows(policy, call, arn, username), call).toBe(false)
    }
  })

  it('gives sts:GetSessionToken Resource "*", the only resource IAM accepts for it', () => {
    expect(allows(policy, 'sts:GetSessionToken', '*', 'alice')).toBe(true)
  })

  it('allows sts:AssumeRole on the listed role only', () => {
    expect(allows(policy, 'sts:AssumeRole', 'arn:aws:iam::123456789012:role/Developer', 'alice')).toBe(true)
    expect(allows(policy, 'sts:AssumeRole', 'arn:aws:iam::123456789012:role/Admin', 'alice')).toBe(false)
    expect(allows(policy, 'sts:AssumeRole', 'arn:aws:iam::123456789012:role/Developer2', 'alice')).toBe(false)
  })

  it('allows nothing else', () => {
    for (const action of ['iam:CreateUser', 'iam:AttachUserPolicy', 'iam:DeactivateMFADevice', 's3:ListAllMyBuckets', 'sts:GetFederationToken']) {
      expect(allows(policy, action, '*', 'alice'), action).toBe(false)
      expect(allows(policy, action, 'arn:aws:iam::123456789012:user/alice', 'alice'), action).toBe(false)
    }
  })
})
