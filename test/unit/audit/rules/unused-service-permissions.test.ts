import { describe, expect, it } from 'vitest'

import type { ServiceUsage } from '../../../../src/audit/account-data.js'
import { rolesForServiceUsage, unusedServicePermissions } from '../../../../src/audit/rules/unused-service-permissions.js'
import { authorization, daysAgo, names, role, run, SETTINGS } from './fixtures.js'

describe('UNUSED_SERVICE_PERMISSIONS', () => {
  const roles = [role('app'), role('tidy'), role('young', { createdAt: daysAgo(20) }), role('no-data')]
  const usage = new Map<string, ServiceUsage[]>([
    [roles[0]!.arn, [{ namespace: 's3', lastAuthenticated: daysAgo(1) }, { namespace: 'ec2', lastAuthenticated: daysAgo(120) }, { namespace: 'dynamodb' }]],
    [roles[1]!.arn, [{ namespace: 's3', lastAuthenticated: daysAgo(10) }]],
    [roles[2]!.arn, [{ namespace: 'sqs' }]],
  ])

  it('lists, per role, the granted services unused for longer than --unused-days', () => {
    const findings = run(unusedServicePermissions, { authorization: authorization({ roles }), serviceUsage: usage })
    expect(names(findings)).toEqual(['app'])
    expect(findings[0]).toMatchObject({ severity: 'low', detail: '2 of 3 granted services unused for 90+ days: dynamodb, ec2' })
  })

  it('asks the collector only for roles old enough to judge, and not for service-linked ones', () => {
    const all = [...roles, role('AWSServiceRoleForX', { path: '/aws-service-role/x.amazonaws.com/' })]
    expect(rolesForServiceUsage(all, SETTINGS).map((r) => r.name)).toEqual(['app', 'tidy', 'no-data'])
  })
})
