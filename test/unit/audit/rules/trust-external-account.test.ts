import { describe, expect, it } from 'vitest'

import { trustExternalAccount } from '../../../../src/audit/rules/trust-external-account.js'
import { ACCOUNT, authorization, names, role, run, trust } from './fixtures.js'

const MEMBER = '222222222222'
const VENDOR = '464622532012'

describe('TRUST_EXTERNAL_ACCOUNT', () => {
  it('flags roles trusting an account outside the organization, naming it', () => {
    const roles = [
      role('vendor', { trustPolicy: trust({ AWS: `arn:aws:iam::${VENDOR}:root` }, { StringEquals: { 'sts:ExternalId': 'abc' } }) }),
      role('sibling', { trustPolicy: trust({ AWS: `arn:aws:iam::${MEMBER}:role/deployer` }) }),
      role('self', { trustPolicy: trust({ AWS: ACCOUNT }) }),
      role('cloudtrail', { trustPolicy: trust({ AWS: '086441151436' }) }),
      role('service', { trustPolicy: trust({ Service: 'lambda.amazonaws.com' }) }),
    ]
    const findings = run(trustExternalAccount, { authorization: authorization({ roles }), organization: { accountIds: [ACCOUNT, MEMBER] } })
    expect(names(findings)).toEqual(['vendor'])
    expect(findings[0]!.detail).toBe(`assumable from account outside the organization: ${VENDOR} (with sts:ExternalId)`)
  })
})
