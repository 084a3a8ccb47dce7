import { describe, expect, it } from 'vitest'

import { findingId } from '../../../src/audit/finding.js'

describe('findingId', () => {
  it('is the same with or without the account when the ARN names it (single-account ids do not change)', () => {
    const arn = 'arn:aws:iam::111111111111:role/deploy'
    expect(findingId('UNUSED_ROLE', arn, '', '111111111111')).toBe(findingId('UNUSED_ROLE', arn))
    expect(findingId('UNUSED_ROLE', arn)).toMatch(/^UNUSED_ROLE-[0-9a-f]{16}$/)
  })

  it('differs between accounts for the same resource name', () => {
    const a = findingId('UNUSED_ROLE', 'arn:aws:iam::111111111111:role/deploy')
    const b = findingId('UNUSED_ROLE', 'arn:aws:iam::222222222222:role/deploy')
    expect(a).not.toBe(b)
  })

  it('hashes the account in when the ARN does not name it (an AWS-managed policy)', () => {
    const arn = 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess'
    expect(findingId('ADMIN_ACCESS', arn, '', '111111111111')).not.toBe(findingId('ADMIN_ACCESS', arn, '', '222222222222'))
  })

  it('keeps the ids of earlier releases (SHA-256 of the UTF-8 text, first 16 hex digits), so ignore files still match', () => {
    expect(findingId('UNUSED_ROLE', 'arn:aws:iam::111111111111:role/deploy')).toBe('UNUSED_ROLE-39d87a9fea11fdaa')
    expect(findingId('PRIVILEGE_ESCALATION', 'arn:aws:iam::111111111111:user/élodie', 'PassRole-Lambda', '222222222222')).toBe('PRIVILEGE_ESCALATION-d666b44e065b9efa')
  })
})
