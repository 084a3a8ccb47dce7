import { describe, expect, it } from 'vitest'

import { privilegeEscalation } from '../../../../src/audit/rules/privilege-escalation.js'
import { ESCALATION_METHODS } from '../../../../src/permissions/escalation-methods.js'
import { authorization, managedPolicy, policy, REFERENCE, role, run, user } from './fixtures.js'

const grantOnly = (actions: readonly string[], extra: object[] = []) => [{ name: 'p', document: policy({ Effect: 'Allow', Action: [...actions], Resource: '*' }, ...extra) }]
const methodsFound = (data: ReturnType<typeof authorization>) => run(privilegeEscalation, { authorization: data, reference: REFERENCE }).map((f) => f.id && /\[([^;]+);/.exec(f.detail)?.[1])

describe('PRIVILEGE_ESCALATION: the methods as data', () => {
  it('every action of every method exists in AWS data, ids are unique, and no method contains another', () => {
    for (const m of ESCALATION_METHODS) for (const a of m.actions) expect(REFERENCE.action(a), `${m.id}: ${a}`).toBeDefined()
    expect(new Set(ESCALATION_METHODS.map((m) => m.id)).size).toBe(ESCALATION_METHODS.length)
    for (const a of ESCALATION_METHODS) {
      for (const b of ESCALATION_METHODS) {
        if (a !== b) expect(b.actions.every((x) => a.actions.includes(x)), `${a.id} contains ${b.id}`).toBe(false)
      }
    }
    expect(ESCALATION_METHODS.length).toBeGreaterThanOrEqual(60)
  })
})

describe.each(ESCALATION_METHODS.map((m) => [m.id, m] as const))('PRIVILEGE_ESCALATION %s', (id, method) => {
  it('is reported for exactly its actions on *, naming the method and the statements', () => {
    const findings = run(privilegeEscalation, { authorization: authorization({ users: [user('u', { inlinePolicies: grantOnly(method.actions) })] }), reference: REFERENCE })
    const mine = findings.filter((f) => f.detail.includes(`[${id};`))
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({ severity: 'high', via: ['inline policy p, statement 1'] })
    for (const action of method.actions) expect(mine[0]!.detail).toContain(`${action} (inline policy p, statement 1)`)
  })

  it.each(method.actions.map((a) => [a]))('is not reported without %s', (missing) => {
    const data = authorization({ users: [user('u', { inlinePolicies: grantOnly(method.actions.filter((a) => a !== missing)) })] })
    expect(methodsFound(data)).not.toContain(id)
  })

  it('is not reported behind an explicit Deny of one of its actions, nor outside a boundary', () => {
    const denied = authorization({ users: [user('u', { inlinePolicies: grantOnly(method.actions, [{ Effect: 'Deny', Action: method.actions[0], Resource: '*' }]) })] })
    expect(methodsFound(denied)).not.toContain(id)
    const boundary = managedPolicy('b', { document: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) })
    const bounded = authorization({ roles: [role('r', { inlinePolicies: grantOnly(method.actions), permissionsBoundaryArn: boundary.arn })], policies: [boundary] })
    expect(methodsFound(bounded)).not.toContain(id)
  })
})

describe('PRIVILEGE_ESCALATION', () => {
  it('finds iam:* and Put* wildcards, reports conditioned grants at medium, and leaves administrators to ADMIN_ACCESS', () => {
    const data = authorization({
      users: [
        user('iam-star', { inlinePolicies: grantOnly(['iam:*']) }),
        user('admin', { inlinePolicies: grantOnly(['*']) }),
        user('scoped', { inlinePolicies: [{ name: 'p', document: policy({ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: 'arn:aws:iam::*:user/${aws:username}' }) }] }),
        user('conditioned', {
          inlinePolicies: [{ name: 'p', document: policy({ Effect: 'Allow', Action: 'iam:Put*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }) }],
        }),
      ],
    })
    const findings = run(privilegeEscalation, { authorization: data, reference: REFERENCE })
    const by = (name: string) => findings.filter((f) => f.resource.name === name)
    expect(by('iam-star').length).toBeGreaterThanOrEqual(13)
    expect(by('admin')).toEqual([])
    expect(by('scoped')).toEqual([])
    expect(by('conditioned').map((f) => [f.severity, /\[([^;]+);/.exec(f.detail)?.[1]])).toEqual([
      ['medium', 'iam-007'],
      ['medium', 'iam-011'],
      ['medium', 'iam-005'],
    ])
    expect(by('conditioned')[0]!.detail).toContain('only when StringEquals aws:RequestedRegion eu-west-1')
  })
})
