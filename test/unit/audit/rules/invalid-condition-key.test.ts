import { describe, expect, it } from 'vitest'

import { invalidConditionKey } from '../../../../src/audit/rules/invalid-condition-key.js'
import { authorization, group, managedPolicy, policy, role, run, trust, user } from './fixtures.js'

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
        managedPolicy('AWSOwned', { awsManaged: true, document: policy({ Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: { StringEquals: { 'aws:Nope': 'x' } } }) }),
      ],
    })
    const findings = run(invalidConditionKey, { authorization: data })
    expect(findings.map((f) => [f.resource.type, f.resource.name, f.detail])).toEqual([
      ['Role', 'typo-trust', 'trust policy: condition key "aws:MultiFactorAuth" does not exist'],
      ['User', 'alice', 'inline policy mfa: condition keys "aws:MultiFactorAuthPresnt", "sts:ExternalID2" do not exist'],
      ['Policy', 'bad', 'policy document: condition key "aws:RequestedRegions" does not exist'],
    ])
    expect(findings[0]!.severity).toBe('high')
  })
})
