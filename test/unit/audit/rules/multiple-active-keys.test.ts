import { describe, expect, it } from 'vitest'

import { multipleActiveKeys } from '../../../../src/audit/rules/multiple-active-keys.js'
import { daysAgo, names, reportEntry, run } from './fixtures.js'

describe('MULTIPLE_ACTIVE_KEYS', () => {
  it('flags users with two active keys, not one active and one inactive, nor root', () => {
    const key = (slot: 1 | 2, active: boolean) => ({ slot, active, lastRotated: daysAgo(10) })
    const entries = [
      reportEntry('two', { accessKeys: [key(1, true), key(2, true)] }),
      reportEntry('rotated', { accessKeys: [key(1, true), key(2, false)] }),
      reportEntry('<root_account>', { accessKeys: [key(1, true), key(2, true)] }),
    ]
    expect(names(run(multipleActiveKeys, { credentialReport: { entries } }))).toEqual(['two'])
  })
})
