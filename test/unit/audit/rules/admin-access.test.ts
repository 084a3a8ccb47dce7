import { describe, expect, it } from 'vitest'

import { adminAccess } from '../../../../src/audit/rules/admin-access.js'
import { authorization, group, managedPolicy, names, policy, role, run, user } from './fixtures.js'

const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess'
const STAR = policy({ Effect: 'Allow', Action: '*', Resource: '*' })

describe('ADMIN_ACCESS', () => {
  it('finds full access through inline, attached and group policies, and AdministratorAccess by name', () => {
    const data = authorization({
      users: [
        user('inline-star', { inlinePolicies: [{ name: 'all', document: encodeURIComponent(STAR) }] }),
        user('star-colon-star', { inlinePolicies: [{ name: 'all', document: policy({ Effect: 'Allow', Action: ['s3:*', '*:*'], Resource: ['*'] }) }] }),
        user('not-action', { inlinePolicies: [{ name: 'most', document: policy({ Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' }) }] }),
        user('via-group', { groups: ['admins'] }),
        user('scoped', { inlinePolicies: [{ name: 's3', document: policy({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::bucket/*' }) }] }),
        user('denied', { inlinePolicies: [{ name: 'deny', document: policy({ Effect: 'Deny', Action: '*', Resource: '*' }) }] }),
        user('reader', { attachedPolicies: [{ name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] }),
      ],
      groups: [group('admins', { attachedPolicies: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }] })],
      roles: [
        role('custom-admin', { attachedPolicies: [{ name: 'everything', arn: 'arn:aws:iam::123456789012:policy/everything' }] }),
        role('AWSServiceRoleForX', { path: '/aws-service-role/', attachedPolicies: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }] }),
      ],
      policies: [managedPolicy('everything', { document: STAR })],
    })
    const findings = run(adminAccess, { authorization: data })
    expect(names(findings)).toEqual(['inline-star', 'star-colon-star', 'not-action', 'via-group', 'custom-admin'])
    expect(findings.find((f) => f.resource.name === 'via-group')).toMatchObject({
      severity: 'high',
      resource: { type: 'User' },
      detail: 'full access through group admins: attached policy AdministratorAccess',
    })
    expect(findings.find((f) => f.resource.name === 'custom-admin')).toMatchObject({ resource: { type: 'Role' }, detail: 'full access through attached policy everything' })
  })
})
