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
})
