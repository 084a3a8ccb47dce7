import { describe, expect, it } from 'vitest'

import { adminAccess } from '../../../../src/audit/rules/admin-access.js'
import { authorization, group, managedPolicy, names, policy, REFERENCE, role, run, user } from './fixtures.js'

const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess'
const STAR = policy({ Effect: 'Allow', Action: '*', Resource: '*' })
const inline = (document: string) => [{ name: 'p', document }]

describe('ADMIN_ACCESS on effective permissions', () => {
  it('finds every action on every resource through inline, attached and group policies, and AdministratorAccess by ARN', () => {
    const data = authorization({
      users: [
        user('inline-star', { inlinePolicies: inline(encodeURIComponent(STAR)) }),
        user('star-colon-star', { inlinePolicies: inline(policy({ Effect: 'Allow', Action: ['s3:*', '*:*'], Resource: ['*'] })) }),
        user('not-action-nothing', { inlinePolicies: inline(policy({ Effect: 'Allow', NotAction: 'iam:NoSuchAction', Resource: '*' })) }),
        user('not-action-iam', { inlinePolicies: inline(policy({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' })) }),
        user('via-group', { groups: ['admins'] }),
        user('scoped', { inlinePolicies: inline(policy({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::bucket/*' })) }),
        user('denied', { inlinePolicies: inline(policy({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: '*', Resource: '*' })) }),
        user('denied-one', { inlinePolicies: inline(policy({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' })) }),
        user('deny-conditioned', {
          inlinePolicies: inline(policy({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } })),
        }),
        user('reader', { attachedPolicies: [{ name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] }),
      ],
      groups: [group('admins', { attachedPolicies: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }] })],
      roles: [
        role('custom-admin', { attachedPolicies: [{ name: 'everything', arn: 'arn:aws:iam::123456789012:policy/everything' }] }),
        role('AWSServiceRoleForX', { path: '/aws-service-role/', attachedPolicies: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }] }),
      ],
      policies: [managedPolicy('everything', { document: STAR })],
    })
    const findings = run(adminAccess, { authorization: data, reference: REFERENCE })
    expect(names(findings)).toEqual(['inline-star', 'star-colon-star', 'not-action-nothing', 'via-group', 'deny-conditioned', 'custom-admin'])
    expect(findings.find((f) => f.resource.name === 'via-group')).toMatchObject({
      severity: 'high',
      resource: { type: 'User' },
      detail: 'full access through group admins: attached policy AdministratorAccess, statement 1',
      via: ['group admins: attached policy AdministratorAccess, statement 1'],
    })
    expect(findings.find((f) => f.resource.name === 'custom-admin')).toMatchObject({ resource: { type: 'Role' }, via: ['attached policy everything, statement 1'] })
  })

  it('reports a grant that holds only under conditions at medium, with its conditions', () => {
    const data = authorization({
      users: [
        user('mfa-admin', {
          inlinePolicies: inline(policy({ Sid: 'WithMfa', Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })),
        }),
      ],
    })
    const [finding, ...rest] = run(adminAccess, { authorization: data, reference: REFERENCE })
    expect(rest).toEqual([])
    expect(finding).toMatchObject({
      severity: 'medium',
      detail: 'full access through inline policy p, statement 1 (WithMfa), only when Bool aws:MultiFactorAuthPresent true',
    })
  })

  it('is capped by a permissions boundary, and judged without one IAM did not send', () => {
    const boundary = managedPolicy('boundary', { document: policy({ Effect: 'Allow', Action: ['s3:*', 'ec2:*'], Resource: '*' }) })
    const data = authorization({
      roles: [
        role('bounded', { inlinePolicies: inline(STAR), permissionsBoundaryArn: boundary.arn }),
        role('unknown-boundary', { inlinePolicies: inline(STAR), permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/gone' }),
      ],
      policies: [boundary],
    })
    expect(names(run(adminAccess, { authorization: data, reference: REFERENCE }))).toEqual(['unknown-boundary'])
  })
})
