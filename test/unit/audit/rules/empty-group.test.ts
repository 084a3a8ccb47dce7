import { describe, expect, it } from 'vitest'

import { emptyGroup } from '../../../../src/audit/rules/empty-group.js'
import { authorization, group, names, run, user } from './fixtures.js'

describe('EMPTY_GROUP', () => {
  it('flags groups no user belongs to', () => {
    const data = authorization({ groups: [group('devs'), group('nobody'), group('ops')], users: [user('alice', { groups: ['devs', 'ops'] }), user('bob', { groups: ['ops'] })] })
    const findings = run(emptyGroup, { authorization: data })
    expect(names(findings)).toEqual(['nobody'])
    expect(findings[0]).toMatchObject({ severity: 'info', resource: { type: 'Group' } })
  })
})
