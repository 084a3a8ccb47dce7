import { describe, expect, it } from 'vitest'

import { loadIamReference } from '../../../../src/iam-reference/load-iam-reference.js'
import { parsePolicyDocument } from '../../../../src/policy/document/parse-policy.js'
import { isConditionOperator } from '../../../../src/policy/validation/condition-operators.js'
import { policyIssues } from '../../../../src/policy/validation/policy-issues.js'

const reference = await loadIamReference()
const issues = (...statements: object[]) => policyIssues(parsePolicyDocument({ Version: '2012-10-17', Statement: statements }), reference)

describe('condition operators', () => {
  it.each(['StringEquals', 'StringLikeIfExists', 'ForAllValues:StringEquals', 'ForAnyValue:ArnLikeIfExists', 'Null', 'BoolIfExists', 'DateGreaterThanEquals', 'NotIpAddress'])('accepts %s', (op) => {
    expect(isConditionOperator(op)).toBe(true)
  })
  it.each(['StringEqual', 'stringequals', 'NullIfExists', 'ForAllValues:Null', 'ForSomeValues:StringEquals', 'StringEqualsIfExist', 'Bool '])('refuses %s', (op) => {
    expect(isConditionOperator(op)).toBe(false)
  })
})

describe('policyIssues', () => {
  it('passes a policy that is right, wildcards and NotAction included', () => {
    expect(issues({ Effect: 'Allow', Action: ['s3:Get*', 'iam:PassRole'], Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com', 'aws:PrincipalTag/team': 'x' } } })).toEqual([])
    expect(issues({ Effect: 'Deny', NotAction: ['iam:*', 'sts:GetSessionToken'], Resource: '*' })).toEqual([])
  })

  it('names the statement and subject of each error', () => {
    expect(issues({ Sid: 'A', Effect: 'Allow', Action: ['s3:GetObjectLockConfiguration', 'pinpoint:GetApp'], Resource: '*' }, { Effect: 'Deny', NotAction: 's3:Nothing*', Resource: '*' })).toMatchObject([
      { type: 'INVALID_ACTION', level: 'error', statement: 0, sid: 'A', subject: 's3:GetObjectLockConfiguration' },
      { type: 'INVALID_ACTION', level: 'error', statement: 0, sid: 'A', subject: 'pinpoint:GetApp' },
      { type: 'INVALID_ACTION', level: 'error', statement: 1, subject: 's3:Nothing*' },
    ])
  })

  it('warns when no action of the statement supports a service key', () => {
    expect(issues({ Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*', Condition: { StringEquals: { 's3:prefix': 'home/' } } })).toMatchObject([
      { type: 'UNSUPPORTED_CONDITION_KEY', level: 'warning', subject: 's3:prefix' },
    ])
    // Global keys apply to every action, and '*' or NotAction statements are not second-guessed.
    expect(issues({ Effect: 'Allow', Action: 'ec2:DescribeInstances', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })).toEqual([])
    expect(issues({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 's3:prefix': 'x' } } })).toEqual([])
  })
})
