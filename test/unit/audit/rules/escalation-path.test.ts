import { describe, expect, it } from 'vitest'

import { escalationPath } from '../../../../src/audit/rules/escalation-path.js'
import { ACCOUNT, authorization, policy, REFERENCE, role, run, trust, user } from './fixtures.js'

const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess'
const assumeAny = [{ name: 'assume', document: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) }]
const ROOT = `arn:aws:iam::${ACCOUNT}:root`

describe('ESCALATION_PATH', () => {
  const data = authorization({
    users: [
      user('alice', { inlinePolicies: assumeAny }),
      user('bob'),
      user('carol', { inlinePolicies: [{ name: 'p', document: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }, { Effect: 'Deny', Action: 'sts:*', Resource: '*' }) }] }),
      user('dave'),
      user('erin', { inlinePolicies: [{ name: 'p', document: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT}:role/unrelated` }) }] }),
    ],
    roles: [
      role('ops', { trustPolicy: trust({ AWS: ROOT }), inlinePolicies: [{ name: 'hop', document: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT}:role/admin` }) }] }),
      role('admin', { trustPolicy: trust({ AWS: `arn:aws:iam::${ACCOUNT}:role/ops` }), attachedPolicies: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }] }),
      role('launcher', {
        trustPolicy: trust({ AWS: `arn:aws:iam::${ACCOUNT}:user/bob` }),
        inlinePolicies: [{ name: 'ec2', document: policy({ Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: '*' }) }],
      }),
      role('harmless', { trustPolicy: trust({ AWS: ROOT }), inlinePolicies: [{ name: 'read', document: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) }] }),
      role('root-admin', { trustPolicy: trust({ AWS: ROOT }), attachedPolicies: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }] }),
    ],
  })
  const findings = run(escalationPath, { authorization: data, reference: REFERENCE })
  const detail = (name: string) => findings.filter((f) => f.resource.name === name).map((f) => f.detail)

  it('follows one or more hops to administrator access or an escalation method, shortest first', () => {
    expect(detail('alice').sort()).toEqual(['alice → role root-admin, which has administrator access'])
    expect(detail('ops')).toEqual(['ops → role admin, which has administrator access'])
    expect(detail('bob')).toEqual(['bob → role launcher, which has escalation method ec2-001 (Launch an EC2 instance with a passed role)'])
    expect(findings.find((f) => f.resource.name === 'bob')!.via).toEqual([`sts:AssumeRole arn:aws:iam::${ACCOUNT}:role/launcher: the trust names it`])
  })

  it('needs the principal’s own permission for an account-wide trust, and respects an explicit Deny', () => {
    expect(detail('carol')).toEqual([])
    expect(detail('dave')).toEqual([])
    expect(detail('erin')).toEqual([])
    expect(detail('admin')).toEqual([])
    expect(detail('root-admin')).toEqual([])
  })

  it('reports a two-hop path when that is the only one', () => {
    const twoHops = authorization({
      users: [user('alice', { inlinePolicies: [{ name: 'p', document: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT}:role/ops` }) }] })],
      roles: data.roles.filter((r) => r.name === 'ops' || r.name === 'admin'),
    })
    const [finding] = run(escalationPath, { authorization: twoHops, reference: REFERENCE }).filter((f) => f.resource.name === 'alice')
    expect(finding).toMatchObject({ severity: 'high', detail: 'alice → role ops → role admin, which has administrator access' })
    expect(finding!.via).toHaveLength(2)
  })
})
