import { describe, expect, it } from 'vitest'

import { invalidConditionKey } from '../../../../src/audit/rules/invalid-condition-key.js'
import { authorization, group, managedPolicy, policy, REFERENCE, role, run, trust, user } from './fixtures.js'

describe('INVALID_CONDITION_KEY', () => {
  it('finds keys that do not exist in trust, inline and customer-managed policies', () => {
    const data = authorization({
      roles: [
        role('typo-trust', { trustPolicy: trust({ AWS: '123456789012' }, { Bool: { 'aws:MultiFactorAuth': 'true' } }) }),
        role('fine', { trustPolicy: trust({ AWS: '123456789012' }, { Bool: { 'aws:multifactorauthpresent': 'true' }, StringEquals: { 'aws:PrincipalTag/team': 'x', 's3:prefix': 'a' } }) }),
      ],
      users: [user('alice', { inlinePolicies: [{ name: 'mfa', document: policy({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresnt': 'false', 'sts:ExternalID2': 'x' } } }) }] })],
      groups: [group('ops', { inlinePolicies: [{ name: 'ok', document: policy({ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }) }] })],
      policies: [
        managedPolicy('bad', { document: policy({ Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegions': 'eu-west-1' } } }) }),
        managedPolicy('svc-typos', {
          document: policy(
            { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 's3:NotAKey': 'x' } } },
            { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*', Condition: { StringEquals: { 'ec2:InstanceTypee': 't3.micro' } } },
            { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaServce': 's3.eu-west-1.amazonaws.com', 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } } },
          ),
        }),
        managedPolicy('mcp', { document: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { Bool: { 'aws:IsMcpServiceAction': 'true' } } }) }),
        managedPolicy('AWSOwned', { awsManaged: true, document: policy({ Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: { StringEquals: { 'aws:Nope': 'x' } } }) }),
      ],
    })
    const findings = run(invalidConditionKey, { authorization: data, reference: REFERENCE })
    expect(findings.map((f) => [f.resource.type, f.resource.name, f.detail])).toEqual([
      ['Role', 'typo-trust', 'trust policy: statement 1: condition key "aws:MultiFactorAuth" does not exist, so the condition never sees a value'],
      [
        'User',
        'alice',
        'inline policy mfa: statement 1: condition key "aws:MultiFactorAuthPresnt" does not exist, so the condition never sees a value; statement 1: condition key "sts:ExternalID2" does not exist, so the condition never sees a value',
      ],
      ['Policy', 'bad', 'policy document: statement 1: condition key "aws:RequestedRegions" does not exist, so the condition never sees a value'],
      ['Policy', 'svc-typos', 'policy document: statement 1: condition key "s3:NotAKey" does not exist, so the condition never sees a value; statement 2: condition key "ec2:InstanceTypee" does not exist, so the condition never sees a value; statement 3: condition key "kms:ViaServce" does not exist, so the condition never sees a value'],
    ])
    expect(findings[0]!.severity).toBe('high')
  })
})
