import { describe, expect, it } from 'vitest'

import { expiredServerCertificate } from '../../../../src/audit/rules/expired-server-certificate.js'
import { ACCOUNT, daysAgo, names, NOW, run } from './fixtures.js'

const cert = (name: string, expiration?: Date) => ({ name, arn: `arn:aws:iam::${ACCOUNT}:server-certificate/${name}`, expiration })

describe('EXPIRED_SERVER_CERTIFICATE', () => {
  it('flags certificates whose expiry is in the past only', () => {
    const future = new Date(NOW.getTime() + 86_400_000)
    const findings = run(expiredServerCertificate, { serverCertificates: [cert('old', daysAgo(3)), cert('valid', future), cert('unknown')] })
    expect(names(findings)).toEqual(['old'])
    expect(findings[0]).toMatchObject({ resource: { type: 'ServerCertificate' }, detail: `expired on ${daysAgo(3).toISOString().slice(0, 10)} (3 days ago)` })
  })
})
