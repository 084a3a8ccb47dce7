import { describe, expect, it } from 'vitest'

import { invalidAction } from '../../../../src/audit/rules/invalid-action.js'
import { invalidConditionOperator } from '../../../../src/audit/rules/invalid-condition-operator.js'
import { authorization, managedPolicy, policy, REFERENCE, role, run, trust, user } from './fixtures.js'

describe('INVALID_ACTION and INVALID_CONDITION_OPERATOR', () => {
  const data = authorization({
    users: [
      user('alice', {
        inlinePolicies: [
          {
            name: 'p',
            document: policy(
              { Sid: 'Lock', Effect: 'Allow', Action: ['s3:GetObjectLockConfiguration', 's3:GetObject'], Resource: '*' },
              { Effect: 'Allow', Action: 'pinpoint:GetApp', Resource: '*' },
              { Effect: 'Deny', NotAction: ['iam:Frobnicate*', 'sts:GetSessionToken'], Resource: '*', Condition: { BoolIfExist: { 'aws:MultiFactorAuthPresent': 'false' } } },
            ),
          },
        ],
      }),
    ],
    roles: [role('r', { trustPolicy: trust({ AWS: '123456789012' }, { 'ForAnyValue:StringLike': { 'aws:PrincipalTag/team': 'ops*' }, StringEqualsIfExists: { 'sts:ExternalId': 'x' } }) })],
    policies: [managedPolicy('AWSThing', { awsManaged: true, document: policy({ Effect: 'Allow', Action: 'nope:Nope', Resource: '*' }) })],
  })

  it('name the statement and the action at fault, in customer-written documents only', () => {
    const findings = run(invalidAction, { authorization: data, reference: REFERENCE })
    expect(findings).toHaveLength(1)
    expect(findings[0]!.detail).toBe(
      'inline policy p: statement 1 (Lock): "s3:GetObjectLockConfiguration": s3 has no action "GetObjectLockConfiguration"; statement 2: "pinpoint:GetApp": AWS has no service prefix "pinpoint"; statement 3: "iam:Frobnicate*" matches no action of AWS',
    )
    expect(findings[0]!.via).toEqual(['inline policy p, statement 1 (Lock)', 'inline policy p, statement 2', 'inline policy p, statement 3'])
  })

  it('accept IfExists and set qualifiers, and name an operator IAM does not have', () => {
    const findings = run(invalidConditionOperator, { authorization: data, reference: REFERENCE })
    expect(findings.map((f) => f.detail)).toEqual(['inline policy p: statement 3: "BoolIfExist" is not an IAM condition operator (did you mean Bool?); IAM refuses the policy'])
  })
})
