import { describe, expect, it } from 'vitest'

import { credentialsExposure } from '../../../../src/audit/rules/credentials-exposure.js'
import { resourceExposure } from '../../../../src/audit/rules/resource-exposure.js'
import { serviceWildcard } from '../../../../src/audit/rules/service-wildcard.js'
import { CREDENTIAL_ACTIONS, RESOURCE_POLICY_ACTIONS, SENSITIVE_SERVICES } from '../../../../src/permissions/risky-actions.js'
import { authorization, policy, REFERENCE, run, user } from './fixtures.js'

const holding = (name: string, ...statements: object[]) => user(name, { inlinePolicies: [{ name: 'p', document: policy(...statements) }] })

describe('the risky action tables', () => {
  it('name actions and services that exist, each with why', () => {
    for (const { action, why } of [...CREDENTIAL_ACTIONS, ...RESOURCE_POLICY_ACTIONS]) {
      expect(REFERENCE.action(action), action).toBeDefined()
      expect(why.length).toBeGreaterThan(5)
    }
    for (const { service } of SENSITIVE_SERVICES) expect(REFERENCE.actionsOf(service).length, service).toBeGreaterThan(0)
  })
})

describe('CREDENTIALS_EXPOSURE and RESOURCE_EXPOSURE', () => {
  const data = authorization({
    users: [
      holding('secrets', { Effect: 'Allow', Action: 'secretsmanager:Get*', Resource: '*' }),
      holding('one-secret', { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-*' }),
      holding('denied', { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' }, { Effect: 'Deny', Action: 'secretsmanager:*', Resource: '*' }),
      holding('vpn-only', { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }),
      holding('policies', { Effect: 'Allow', Action: ['s3:PutBucketPolicy', 'kms:PutKeyPolicy'], Resource: '*' }),
      holding('admin', { Effect: 'Allow', Action: '*', Resource: '*' }),
    ],
  })

  it('report the actions granted on every resource, with why and where', () => {
    const findings = run(credentialsExposure, { authorization: data, reference: REFERENCE })
    expect(findings.map((f) => [f.resource.name, f.severity])).toEqual([
      ['secrets', 'high'],
      ['vpn-only', 'medium'],
    ])
    expect(findings[0]!.detail).toBe('returns or creates credentials on every resource: secretsmanager:GetSecretValue (returns the value of every secret)')
    expect(findings[0]!.via).toEqual(['inline policy p, statement 1'])
    expect(findings[1]!.detail).toContain('only when IpAddress aws:SourceIp 10.0.0.0/8')
    const exposure = run(resourceExposure, { authorization: data, reference: REFERENCE })
    expect(exposure.map((f) => f.resource.name)).toEqual(['policies'])
    expect(exposure[0]!.detail).toContain('s3:PutBucketPolicy (rewrites bucket policies')
    expect(exposure[0]!.detail).toContain('kms:PutKeyPolicy')
  })
})

describe('SERVICE_WILDCARD', () => {
  it('reports every action of a sensitive service on *, once per principal, and not scoped or partial grants', () => {
    const data = authorization({
      users: [
        holding('kms-star', { Effect: 'Allow', Action: ['kms:*', 'cloudtrail:*', 's3:*'], Resource: '*' }),
        holding('kms-key', { Effect: 'Allow', Action: 'kms:*', Resource: 'arn:aws:kms:eu-west-1:123456789012:key/abc' }),
        holding('kms-minus', { Effect: 'Allow', Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Action: 'kms:ScheduleKeyDeletion', Resource: '*' }),
        holding('iam-read', { Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }),
      ],
    })
    const findings = run(serviceWildcard, { authorization: data, reference: REFERENCE })
    expect(findings.map((f) => f.resource.name)).toEqual(['kms-star'])
    expect(findings[0]!.detail).toMatch(/^every action on every resource of kms:\* \(\d+ actions: every encryption key: [^)]*\), cloudtrail:\* \(\d+ actions: the audit log[^)]*\); through inline policy p, statement 1$/)
  })
})
