import { describe, expect, it } from 'vitest'

import { unusedRole } from '../../../../src/audit/rules/unused-role.js'
import { authorization, daysAgo, names, role, run } from './fixtures.js'

describe('UNUSED_ROLE', () => {
  it('flags roles last used, or created and never used, longer ago than --unused-days', () => {
    const roles = [
      role('used-recently', { lastUsed: daysAgo(5) }),
      role('used-long-ago', { lastUsed: daysAgo(120) }),
      role('never-used-old'),
      role('never-used-young', { createdAt: daysAgo(30) }),
      role('exactly-90', { lastUsed: daysAgo(90) }),
    ]
    const findings = run(unusedRole, { authorization: authorization({ roles }) })
    expect(names(findings)).toEqual(['used-long-ago', 'never-used-old'])
    expect(findings[0]).toMatchObject({ type: 'UNUSED_ROLE', severity: 'medium', lastUsed: daysAgo(120).toISOString(), ageDays: 200, detail: 'last assumed 120 days ago' })
    expect(findings[1]).toMatchObject({ lastUsed: null, detail: expect.stringContaining('never assumed') })
  })

  it('never calls a role unused when it is younger than --unused-days, whatever its last use', () => {
    // A last use before the creation date is a same-named predecessor's, reported by IAM as is.
    const roles = [role('young', { createdAt: daysAgo(10) }), role('recreated', { createdAt: daysAgo(10), lastUsed: daysAgo(50) })]
    expect(run(unusedRole, { authorization: authorization({ roles }) }, { unusedDays: 30 })).toEqual([])
  })

  it('skips service-linked roles unless asked to include them', () => {
    const data = { authorization: authorization({ roles: [role('AWSServiceRoleForAutoScaling', { path: '/aws-service-role/autoscaling.amazonaws.com/' })] }) }
    expect(run(unusedRole, data)).toEqual([])
    expect(names(run(unusedRole, data, { includeServiceRoles: true }))).toEqual(['AWSServiceRoleForAutoScaling'])
  })

  it('gives the same id for the same role on every run, and different ids to different roles', () => {
    const a = run(unusedRole, { authorization: authorization({ roles: [role('a'), role('b')] }) })
    const b = run(unusedRole, { authorization: authorization({ roles: [role('a', { lastUsed: daysAgo(100) })] }) })
    expect(a[0]!.id).toBe(b[0]!.id)
    expect(a[0]!.id).not.toBe(a[1]!.id)
    expect(a[0]!.id).toMatch(/^UNUSED_ROLE-[0-9a-f]{16}$/)
  })
})
