import { describe, expect, it } from 'vitest'

import type { Finding } from '../../../../src/audit/finding.js'
import { SharedTexts } from '../../../../src/audit/org/shared-texts.js'

const finding = (n: number, via: string[]): Finding => ({
  id: `UNUSED_ROLE-${n}`,
  type: 'UNUSED_ROLE',
  severity: 'medium',
  resource: { type: 'Role', name: `role-${n}`, arn: `arn:aws:iam::123456789012:role/role-${n}` },
  account: { id: '123456789012', name: null },
  // Built per finding, as rules build them: equal texts, separate strings.
  detail: ['never assumed since it was created', `${200} days ago`].join(' '),
  lastUsed: null,
  ageDays: 200,
  recommendation: 'Delete the role.',
  via: via.map((v) => `${v}`),
})

describe('SharedTexts', () => {
  it('leaves every finding as it was (same JSON), holding one copy of each repeated text', () => {
    const texts = new SharedTexts()
    const accounts = [0, 1].map((a) => [finding(a * 10 + 1, ['attached policy app, statement 1 (Read)']), finding(a * 10 + 2, [])])
    const before = JSON.stringify(accounts)
    const shared = accounts.map((findings) => texts.share(findings))
    expect(JSON.stringify(shared)).toBe(before)
    expect(shared[1]![0]!.via).toEqual(['attached policy app, statement 1 (Read)'])
    expect(shared[1]![1]!.via).toEqual([])
    expect(() => shared[1]![1]!.via.push('x')).toThrow()
  })
})
