import { describe, expect, it } from 'vitest'

import { cloudshellFullAccess } from '../../../../src/audit/rules/cloudshell-full-access.js'
import { authorization, group, names, role, run, user } from './fixtures.js'

const CLOUDSHELL = { name: 'AWSCloudShellFullAccess', arn: 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess' }

describe('CLOUDSHELL_FULL_ACCESS', () => {
  it('flags every user, group and role with AWSCloudShellFullAccess attached', () => {
    const data = authorization({
      users: [user('alice', { attachedPolicies: [CLOUDSHELL] }), user('bob')],
      groups: [group('devs', { attachedPolicies: [CLOUDSHELL] })],
      roles: [role('ops', { attachedPolicies: [CLOUDSHELL] }), role('other', { attachedPolicies: [{ name: 'AWSCloudShellReadOnly', arn: 'arn:aws:iam::aws:policy/Other' }] })],
    })
    expect(names(run(cloudshellFullAccess, { authorization: data }))).toEqual(['alice', 'devs', 'ops'])
  })
})
