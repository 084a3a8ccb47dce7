import { describe, expect, it } from 'vitest'

import { UsageError } from '../../../../src/errors.js'
import { loadIamReference } from '../../../../src/iam-reference/load-iam-reference.js'
import { checkPolicies } from '../../../../src/policy/check/check-policies.js'

const reference = await loadIamReference()
const NOW = new Date('2026-11-22T12:00:00Z')
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement })

describe('policy check', () => {
  it('judges identity policies with the audit rules and names file, statement and actions', () => {
    const report = checkPolicies(
      [
        { name: 'deploy.json', text: doc({ Sid: 'Lambda', Effect: 'Allow', Action: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' }) },
        { name: 'admin.json', text: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) },
        { name: 'typos.json', text: doc({ Effect: 'Allow', Action: 's3:GetObjectLockConfiguration', Resource: '*', Condition: { StringEqual: { 's3:NotAKey': 'x' } } }) },
        { name: 'fine.json', text: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }) },
      ],
      reference,
      NOW,
    )
    expect(report.findings.map((f) => [f.type, f.severity, f.resource.name])).toEqual([
      ['ADMIN_ACCESS', 'high', 'admin.json'],
      ['PRIVILEGE_ESCALATION', 'high', 'deploy.json'],
      ['INVALID_CONDITION_KEY', 'high', 'typos.json'],
      ['INVALID_CONDITION_OPERATOR', 'high', 'typos.json'],
      ['INVALID_ACTION', 'medium', 'typos.json'],
    ])
    const escalation = report.findings.find((f) => f.type === 'PRIVILEGE_ESCALATION')!
    expect(escalation.resource).toEqual({ type: 'Policy', name: 'deploy.json', arn: 'deploy.json' })
    expect(escalation.via).toEqual(['deploy.json, statement 1 (Lambda)'])
    expect(escalation.detail).toContain('iam:PassRole (deploy.json, statement 1 (Lambda))')
    expect(report.findings.find((f) => f.type === 'INVALID_ACTION')!.detail).toBe('typos.json: statement 1: "s3:GetObjectLockConfiguration": s3 has no action "GetObjectLockConfiguration"')
    expect(new Set(report.findings.map((f) => f.id)).size).toBe(report.findings.length)
  })

  it('judges trust policies for who may assume, and lints resource policies only', () => {
    const report = checkPolicies(
      [
        { name: 'trust.json', text: doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }) },
        { name: 'bucket.json', text: doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: { StringEquals: { 's3:prefx': 'a' } } }) },
      ],
      reference,
      NOW,
    )
    expect(report.findings.map((f) => [f.type, f.resource.name])).toEqual([
      ['TRUST_ANY_PRINCIPAL', 'trust.json'],
      ['INVALID_CONDITION_KEY', 'bucket.json'],
    ])
    expect(report.warnings).toEqual(['bucket.json: a resource policy; checked for invalid actions, keys and operators only'])
  })

  it('refuses a file that is not a policy document, naming it (exit 2)', () => {
    expect(() => checkPolicies([{ name: 'bad.json', text: '{"Statement": [{"Effect": "Maybe"}]}' }], reference, NOW)).toThrow(UsageError)
    expect(() => checkPolicies([{ name: 'bad.json', text: 'nope' }], reference, NOW)).toThrow(/^bad\.json: policy document: \$ is not valid JSON/)
  })
})
